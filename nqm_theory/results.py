"""Frozen result types and the outcome enum shared by every layer.

Vocabulary follows SciPy (``success``/``message``) and diffrax (an outcome enum whose
members carry their message).  A diverging run is an outcome, never an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from ._validate import check_real

__all__ = ["Regime", "RegimeOutcome", "Tolerances", "Trajectory", "MapRun", "REGIME_CODES"]


class Regime(str, Enum):
    """Outcome of a GD run (docs/theory.md §4 learning-rate regimes).

    ``MONOTONE``: converged and the loss never exceeded its initial value.
    ``CATAPULT``: converged after the loss exceeded its initial value at some step.
    ``DIVERGENT``: the loss passed the overflow bound or stopped being finite.
    ``UNDECIDED``: the step budget ran out first.
    """

    MONOTONE = "monotone"
    CATAPULT = "catapult"
    DIVERGENT = "divergent"
    UNDECIDED = "undecided"

    @property
    def message(self) -> str:
        return {
            "monotone": "converged; the loss never exceeded its initial value",
            "catapult": "converged after the loss exceeded its initial value",
            "divergent": "the loss passed the overflow bound or stopped being finite",
            "undecided": "the step budget was exhausted before convergence or divergence",
        }[self.value]

    @property
    def success(self) -> bool:
        """True for the converged outcomes."""
        return self in (Regime.MONOTONE, Regime.CATAPULT)


#: Default step budget of ``precision="exact"`` in the CLI (the real limit is the size
#: of the iterates, :data:`nqm_theory.maps.EXACT_MAX_BITS`).
EXACT_DEFAULT_STEPS = 10

#: Integer codes used by the compiled kernels, in :class:`Regime` order.
REGIME_CODES = (Regime.MONOTONE, Regime.CATAPULT, Regime.DIVERGENT, Regime.UNDECIDED)


@dataclass(frozen=True)
class Tolerances:
    """Explicit decision thresholds on the loss L = 1/2 (g - y)^2.

    Parameters
    ----------
    loss_tol : float, default 1e-24
        Converged when ``L < loss_tol`` next to a stable fixed point (see
        :func:`nqm_theory.maps.loops.make_nqm_cell`).
    overflow : float, default 1e100
        Divergent when ``L > overflow`` (or L is not finite).
    """

    loss_tol: float = 1e-24
    overflow: float = 1e100

    def __post_init__(self):
        check_real("loss_tol", self.loss_tol, gt=0)
        check_real("overflow", self.overflow, gt=self.loss_tol)


@dataclass(frozen=True)
class Trajectory:
    """Per-step history, step 0 = initialization; arrays of length ``steps + 1``.

    ``loss`` is 1/2 (g - y)^2 and ``kernel`` is lambda (the paper's symbols); ``u, v, w``
    are the rescaled state of docs/theory.md §3.  dtype float64, or object for mpmath/Fraction.
    """

    loss: np.ndarray
    kernel: np.ndarray
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray


class RegimeOutcome:
    """``success`` and ``message`` of a result with a ``regime`` (:class:`Regime`) field
    (the vocabulary of :class:`Regime`, shared by every run result of the package)."""

    @property
    def success(self) -> bool:
        return self.regime.success

    @property
    def message(self) -> str:
        return self.regime.message


@dataclass(frozen=True)
class MapRun(RegimeOutcome):
    """Result of iterating the one-example map (see :func:`nqm_theory.iterate`).

    Attributes
    ----------
    regime : Regime
    steps : int
        Number of map applications performed.
    peak_loss, peak_step : number, int
        Largest loss over steps 0..steps and the first step where it occurs.
    initial_loss, final_loss, final_kernel : number
        Loss at step 0, loss and kernel lambda at the last step.
    eta_lam_final : number or None
        eta*lambda at the last step (= v, dimensionless; Theorem 2 compares it with 2),
        beside ``final_kernel``; None only for a run built without it.
    precision : str
        ``"float64"``, ``"mpN"`` (N decimal digits), ``"exact"`` or ``"ballN"``.
    eta_crit, eta_max : number
        2/lam0 and 4/lam0 (docs/theory.md §4).
    trajectory : Trajectory or None
    enclosures : dict or None
        ``ballN`` only: ``{name: (lower, upper)}`` (``Decimal``, rounded outward) for
        ``peak_loss``, ``initial_loss``, ``final_loss``, ``final_kernel`` and
        ``eta_lam_final``.
    certified : bool or None
        ``ballN`` only: True when the enclosures decide the regime with no tie.
    certificate : str
        ``ballN`` only: what was decided, or what was not.
    """

    regime: Regime
    steps: int
    peak_loss: object
    peak_step: int
    initial_loss: object
    final_loss: object
    final_kernel: object
    precision: str
    eta_crit: object
    eta_max: object
    trajectory: Trajectory | None = field(default=None, repr=False)
    enclosures: dict | None = field(default=None, repr=False)
    certified: bool | None = None
    certificate: str = ""
    eta_lam_final: object = None

    def to_dict(self) -> dict:
        """JSON-ready summary: numbers as floats, plus exact/extended strings.

        ``final_kernel`` is lambda at the end and ``eta_lam_final`` beside it is eta*lambda
        (what Theorem 2 compares with 2).

        For ``mpN`` runs each number is also given with all N digits under ``"digits"``;
        for ``exact`` runs as ``"p/q"`` under ``"exact"`` (numbers of more than
        :data:`EXACT_JSON_DIGITS` digits as ``{"approx": ..., "digits": ...}``).  For
        ``ballN`` runs every number has ``NAME_lower`` / ``NAME_upper`` (floats rounded
        outward, so they still enclose), the full-precision bounds under
        ``"enclosures"``, and ``certified`` / ``certificate``.
        """
        keys = ("peak_loss", "initial_loss", "final_loss", "final_kernel", "eta_lam_final",
                "eta_crit", "eta_max")
        if self.eta_lam_final is None:
            keys = tuple(k for k in keys if k != "eta_lam_final")
        out = {"regime": self.regime.value, "steps": self.steps, "peak_step": self.peak_step,
               "precision": self.precision, "message": self.message}
        for k in keys:
            out[k] = _to_float(getattr(self, k))
        if self.precision.startswith("mp"):
            import mpmath
            n = int(self.precision[2:])
            out["digits"] = {k: mpmath.nstr(getattr(self, k), n) for k in keys}
        elif self.precision == "exact":
            out["exact"] = {k: exact_text(getattr(self, k)) for k in keys}
        if self.enclosures is not None:
            for k, (lo, hi) in self.enclosures.items():
                out[f"{k}_lower"], out[f"{k}_upper"] = outward_floats(lo, hi)
            out["enclosures"] = {k: [str(lo), str(hi)] for k, (lo, hi) in
                                 self.enclosures.items()}
            out["certified"] = bool(self.certified)
            out["certificate"] = self.certificate
            out["message"] = f"{self.message}; {self.certificate}"
        return out


#: Exact numbers with more digits than this are summarised in JSON (value and size).
EXACT_JSON_DIGITS = 5000


def exact_text(x):
    """``"p/q"`` for a Fraction, or ``{"approx", "numerator_digits", ...}`` when huge."""
    bits = x.numerator.bit_length() + x.denominator.bit_length()
    if bits <= EXACT_JSON_DIGITS * 3.32:
        return str(x)
    import mpmath
    p, q = x.numerator, x.denominator
    sp_, sq = max(abs(p).bit_length() - 128, 0), max(q.bit_length() - 128, 0)
    with mpmath.workdps(40):  # top 128 bits of each: relative error < 2^-126
        approx = mpmath.nstr(mpmath.ldexp(mpmath.mpf(p >> sp_ if p >= 0 else -(-p >> sp_))
                                          / (q >> sq), sp_ - sq), 25)
    return {"approx": approx, "approx_digits": 25,
            "numerator_digits": int(x.numerator.bit_length() * 0.30103) + 1,
            "denominator_digits": int(x.denominator.bit_length() * 0.30103) + 1}


def outward_floats(lo, hi):
    """Floats ``a <= lo`` and ``b >= hi`` (adjacent doubles): an enclosure in float64."""
    import math
    from decimal import Decimal
    a, b = float(lo), float(hi)
    if math.isfinite(a) and Decimal(a) > lo:
        a = math.nextafter(a, -math.inf)
    if math.isfinite(b) and Decimal(b) < hi:
        b = math.nextafter(b, math.inf)
    return a, b


def _to_float(x):
    """A JSON number: ``float(x)``, or a 17-digit string when float64 cannot hold ``x``
    (an mpN / exact / ball number beyond 1.8e308 or below 2.2e-308 is not infinite)."""
    import math
    try:
        f = float(x)
    except OverflowError:
        f = math.inf
    if math.isfinite(f) and (f != 0 or x == 0) or (math.isnan(f) and x != x):
        return f
    import mpmath
    from fractions import Fraction
    with mpmath.workdps(20):
        if isinstance(x, Fraction):
            return mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 17)
        return mpmath.nstr(mpmath.mpf(str(x)) if not isinstance(x, mpmath.mpf) else x, 17)
