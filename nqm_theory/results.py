"""Frozen result types and the outcome enum shared by every layer.

Vocabulary follows SciPy (``success``/``message``) and diffrax (an outcome enum whose
members carry their message).  A diverging run is an outcome, never an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from ._validate import check_real

__all__ = ["Regime", "Tolerances", "Trajectory", "MapRun", "REGIME_CODES"]


class Regime(str, Enum):
    """Outcome of a GD run (PAPER.md §4 learning-rate regimes).

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


#: Integer codes used by the compiled kernels, in :class:`Regime` order.
REGIME_CODES = (Regime.MONOTONE, Regime.CATAPULT, Regime.DIVERGENT, Regime.UNDECIDED)


@dataclass(frozen=True)
class Tolerances:
    """Explicit decision thresholds on the loss L = 1/2 (g - y)^2.

    Parameters
    ----------
    loss_tol : float, default 1e-24
        Converged when ``L < loss_tol`` next to a stable fixed point (see
        :mod:`nqm_theory.core._loop`).
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
    are the rescaled state of PAPER.md §3.  dtype float64, or object for mpmath/Fraction.
    """

    loss: np.ndarray
    kernel: np.ndarray
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray


@dataclass(frozen=True)
class MapRun:
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
    precision : str
        ``"float64"``, ``"mpN"`` (N decimal digits) or ``"exact"``.
    eta_crit, eta_max : number
        2/lam0 and 4/lam0 (PAPER.md §4).
    trajectory : Trajectory or None
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

    @property
    def success(self) -> bool:
        return self.regime.success

    @property
    def message(self) -> str:
        return self.regime.message

    def to_dict(self) -> dict:
        """JSON-ready summary: numbers as floats, plus exact/extended strings.

        For ``mpN`` runs each number is also given with all N digits under ``"digits"``;
        for ``exact`` runs as ``"p/q"`` under ``"exact"`` (None when over ~2000 digits).
        """
        keys = ("peak_loss", "initial_loss", "final_loss", "final_kernel", "eta_crit", "eta_max")
        out = {"regime": self.regime.value, "steps": self.steps, "peak_step": self.peak_step,
               "precision": self.precision, "message": self.message}
        for k in keys:
            out[k] = _to_float(getattr(self, k))
        if self.precision.startswith("mp"):
            import mpmath
            n = int(self.precision[2:])
            out["digits"] = {k: mpmath.nstr(getattr(self, k), n) for k in keys}
        elif self.precision == "exact":
            out["exact"] = {k: _short_fraction(getattr(self, k)) for k in keys}
        return out


def _short_fraction(x):
    """``"p/q"`` for a Fraction of under ~2000 digits, else None."""
    if x.numerator.bit_length() + x.denominator.bit_length() > 6600:
        return None
    return str(x)


def _to_float(x) -> float:
    try:
        return float(x)
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")
