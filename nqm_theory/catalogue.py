"""One catalogue of the named canonical problems (PAPER.md §3-§7).

Every command, figure, notebook and test that needs "the default problem" takes it from
here instead of repeating literal numbers:

* :data:`DEFAULT_SETTING`: the one-example setting of the phase diagrams, orbit diagrams,
  the report and the benchmarks: g0 = 0.7, y = 0.3, |x|^2/d = 1, lam0 = 1 (so that
  eta = eta*lam0);
* :func:`problem` by name: ``"one-example"`` (width 1e4, eta*lam0 = 3, a catapult),
  ``"fig3"`` / ``"fig5"`` (n = 128 scalar inputs, m = 5000; PAPER.md §7), ``"fig8"`` (the
  general quadratic model, d = 100), ``"eigenspace"`` (the top-eigenspace experiment).

Examples
--------
>>> problem("one-example").eta * problem("one-example").lam0
3.0
>>> DEFAULT_SETTING.g0, DEFAULT_SETTING.y
(0.7, 0.3)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ._validate import check_choice, check_real
from .models import OneExample

__all__ = ["Setting", "DEFAULT_SETTING", "PROBLEMS", "problem"]


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
