"""One catalogue of the named canonical problems (docs/theory.md §3-§7).

Every command, figure, notebook and test that needs "the default problem" takes it from
here instead of repeating literal numbers:

* :data:`DEFAULT_SETTING`: the one-example setting of the phase diagrams, orbit diagrams,
  the report and the benchmarks: g0 = 0.7, y = 0.3, |x|^2/d = 1, lam0 = 1 (so that
  eta = eta*lam0);
* :class:`Convention` / :func:`convention`: how a command that takes eta*lam0 splits it
  into eta and lam0.  One convention holds everywhere: **lam0 = 1, so eta = eta*lam0**
  (:data:`CONVENTION`); ``eta=`` (``--fix eta``) holds eta fixed instead, where a command
  offers it (``nqm-theory scaling``).  Every JSON result of such a command carries the
  convention's :meth:`Convention.to_dict` (``"convention"``, ``"fixed"``, ``"lam0"``,
  ``"eta"``);
* :func:`problem` by name: ``"one-example"`` (width 1e4, eta*lam0 = 3, a catapult),
  ``"fig3"`` / ``"fig5"`` (n = 128 scalar inputs, m = 5000; docs/theory.md §7), ``"fig8"`` (the
  general quadratic model, d = 100), ``"eigenspace"`` (the top-eigenspace experiment).

Examples
--------
>>> problem("one-example").eta * problem("one-example").lam0
3.0
>>> DEFAULT_SETTING.g0, DEFAULT_SETTING.y
(0.7, 0.3)
>>> convention().split(3.0), convention(eta=1.0).split(3.0)
((3.0, 1.0), (1.0, 3.0))
>>> convention().text
'lambda0 = 1, eta = eta*lambda0'
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ._validate import check_choice, check_real
from .models import OneExample

__all__ = ["Setting", "DEFAULT_SETTING", "PROBLEMS", "problem", "Convention", "convention",
           "CONVENTION"]

#: The one convention of every command that takes eta*lam0 (the default of :func:`convention`).
CONVENTION = "lambda0 = 1, eta = eta*lambda0"


@dataclass(frozen=True)
class Convention:
    """Which of eta and lam0 is held fixed when a command is given eta*lam0 (docs/theory.md §4).

    The one-example map depends on eta and lam0 separately (u(0) = c eta^2 r0^2), so the same
    eta*lam0 is a different problem under a fixed lam0 and under a fixed eta.

    Attributes
    ----------
    fixed : {"lam0", "eta"}
        The quantity held fixed.
    value : float
        Its value (> 0); the other one is ``eta_lam0 / value``.
    """

    fixed: str = "lam0"
    value: float = 1.0

    def __post_init__(self):
        check_choice("fixed", self.fixed, ("lam0", "eta"))
        check_real("value", self.value, gt=0)

    @property
    def text(self) -> str:
        """``"lambda0 = 1, eta = eta*lambda0"`` (or the fixed-eta / other-value form)."""
        v = f"{self.value:g}"
        if self.fixed == "lam0":
            return CONVENTION if self.value == 1 else \
                f"lambda0 = {v}, eta = eta*lambda0 / {v}"
        return ("eta = 1, lambda0 = eta*lambda0" if self.value == 1 else
                f"eta = {v}, lambda0 = eta*lambda0 / {v}")

    def split(self, eta_lam0):
        """``(eta, lam0)`` of the product ``eta_lam0`` (floats or arrays)."""
        if self.fixed == "lam0":
            return eta_lam0 / self.value, self.value
        return self.value, eta_lam0 / self.value

    def to_dict(self) -> dict:
        """The JSON keys: ``convention`` (text), ``fixed`` and the numeric ``lam0`` / ``eta``
        (``None`` for the one that varies with eta*lam0)."""
        return {"convention": self.text, "fixed": self.fixed,
                "lam0": self.value if self.fixed == "lam0" else None,
                "eta": self.value if self.fixed == "eta" else None}


def convention(lam0=None, eta=None) -> Convention:
    """The :class:`Convention` of the keywords ``lam0=`` / ``eta=`` (at most one given).

    Neither: lam0 = 1 (:data:`CONVENTION`); ``lam0=L``: lam0 = L held fixed; ``eta=E``: eta
    = E held fixed (lam0 = eta*lam0 / E).
    """
    if lam0 is not None and eta is not None:
        from ._validate import NQMValueError
        raise NQMValueError("`lam0` and `eta` cannot both be fixed: eta*lam0 is given, so "
                            f"fix one of them (got lam0 = {lam0}, eta = {eta})")
    if eta is not None:
        return Convention("eta", float(check_real("eta", eta, gt=0)))
    return Convention("lam0", 1.0 if lam0 is None else float(check_real("lam0", lam0, gt=0)))


@dataclass(frozen=True)
class Setting:
    """The one-example setting apart from the width and the learning rate (paper symbols).

    Attributes
    ----------
    g0, y : float
        Initial NQM output and label.
    x2d : float
        ``|x|^2 / d`` (> 0).
    lam0 : float
        Initial kernel lambda(0) (> 0); ``eta = eta_lam0 / lam0``.
    """

    g0: float
    y: float
    x2d: float = 1.0
    lam0: float = 1.0

    def __post_init__(self):
        check_real("g0", self.g0)
        check_real("y", self.y)
        check_real("x2d", self.x2d, gt=0)
        check_real("lam0", self.lam0, gt=0)

    def as_dict(self) -> dict:
        return asdict(self)

    def problem(self, width, eta_lam0) -> OneExample:
        """The :class:`OneExample` of this setting at ``width`` and ``eta*lam0``."""
        return OneExample(width=width, eta=eta_lam0 / self.lam0, lam0=self.lam0, g0=self.g0,
                          y=self.y, x2d=self.x2d)


#: The default one-example setting (phase diagrams, orbits, report, benchmarks).
DEFAULT_SETTING = Setting(g0=0.7, y=0.3, x2d=1.0, lam0=1.0)

PROBLEMS = ("one-example", "fig3", "fig5", "fig8", "eigenspace")


def problem(name: str):
    """The canonical problem called ``name`` (see the module docstring)."""
    check_choice("name", name, PROBLEMS)
    if name == "one-example":
        return DEFAULT_SETTING.problem(1e4, 3.0)
    if name == "fig3":
        from .experiments.fig3 import Fig3Config
        return Fig3Config()
    if name == "fig5":
        from .experiments.fig5 import DEFAULT
        return DEFAULT
    if name == "fig8":
        from .experiments.fig8 import Fig8Config
        return Fig8Config()
    from .experiments.eigenspace import EigenspaceConfig
    return EigenspaceConfig()
