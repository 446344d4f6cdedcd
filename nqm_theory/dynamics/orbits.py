"""Orbit diagram of the final kernel and sensitivity of GD outcomes to eta*lam0.

``orbit_diagram`` gives eta*lambda_inf (the fixed point on the line u = 0 where a run
lands, Theorem 2) against eta*lam0 at fine resolution, for several widths, through the
float64 grid core (:func:`nqm_theory.grid.phase_diagram`, bit-identical to
:func:`nqm_theory.iterate`).  ``uncertainty`` measures the fraction f(eps) of random
pairs (x, x + eps) whose outcomes differ (another regime, or final eta*lambda differing
by more than ``threshold``); f ~ eps^alpha with alpha = 1 for a piecewise-smooth outcome
with finitely many jumps and alpha < 1 for a fractal boundary of dimension 1 - alpha
(Grebogi, McDonald, Ott, Yorke 1983).

Convention (:mod:`nqm_theory.catalogue`): lam0 = 1, so eta = eta*lam0; ``lam0=`` holds
another lam0 fixed (eta = eta*lam0 / lam0).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_int, check_real
from ..catalogue import DEFAULT_SETTING

__all__ = ["OrbitDiagram", "orbit_diagram", "Uncertainty", "uncertainty"]


@dataclass(frozen=True, eq=False)
class OrbitDiagram:
    """eta*lambda_inf (``eta_lam_final``, dimensionless) and regimes, shape (N, len(width)).

    Attributes
    ----------
    eta_lam0, width : ndarray
        The axes: eta*lam0 (lam0 held fixed at ``lam0``) and the widths m.
    eta_lam_final : ndarray
        eta*lambda at the last step (= v).
    regime : ndarray of str
        monotone / catapult / divergent / undecided.
    steps : ndarray of int
        Steps performed per cell.
    lam0 : float
        The fixed lambda0 (eta = eta_lam0 / lam0).
    """

    eta_lam0: np.ndarray
    width: np.ndarray
    eta_lam_final: np.ndarray
    regime: np.ndarray
    steps: np.ndarray
    lam0: float = 1.0

    def jumps(self, threshold: float = 0.05) -> np.ndarray:
        """Per width: number of neighbouring converged cells whose eta*lam_inf differ > threshold."""
        ok = (self.regime[1:] == "catapult") | (self.regime[1:] == "monotone")
        ok &= (self.regime[:-1] == "catapult") | (self.regime[:-1] == "monotone")
        with np.errstate(invalid="ignore"):
            big = np.abs(np.diff(self.eta_lam_final, axis=0)) > threshold
        return np.count_nonzero(ok & big, axis=0)


def orbit_diagram(eta_lam0, width, *, g0=DEFAULT_SETTING.g0, y=DEFAULT_SETTING.y,
                  x2d=DEFAULT_SETTING.x2d, steps=200_000, lam0=DEFAULT_SETTING.lam0,
                  map=None) -> OrbitDiagram:
    """Final kernel eta*lambda_inf against eta*lam0 for each width (lam0 = 1: eta = eta*lam0).

    Parameters
    ----------
    eta_lam0, width : array_like
        The eta*lam0 values and the widths m.
    g0, y, x2d : float
        Initial output, label and ``|x|^2/d`` (the catalogue's default setting).
    steps : int
        Step budget per run.
    lam0 : float
        lambda0, held fixed (default 1, the package's convention).
    map : CompiledMap, optional
        The (u, v, w) map (default: the derived one).

    Returns
    -------
    OrbitDiagram

    Examples
    --------
    >>> od = orbit_diagram(np.linspace(2.5, 3.5, 5), [1e4], steps=10000)
    >>> bool(np.all(od.eta_lam_final < 2))
    True
    """
    from ..grid.phase import phase_diagram
    pd = phase_diagram(eta_lam0, width, g0=g0, y=y, x2d=x2d, lam0=lam0, steps=steps, map=map)
    return OrbitDiagram(pd.eta_lam0, pd.width, pd.eta_lam_final, pd.regime, pd.steps,
                        float(pd.lam0))


@dataclass(frozen=True)
class Uncertainty:
    """f(eps): fraction of pairs with different outcomes; fitted exponent alpha, dimension 1 - alpha."""

    eps: np.ndarray
    fraction: np.ndarray
    alpha: float
    dimension: float
    pairs: int
    window: tuple
    width: float
    threshold: float


def uncertainty(lo, hi, width, *, eps=None, pairs: int = 20000, threshold: float = 0.05,
                g0=DEFAULT_SETTING.g0, y=DEFAULT_SETTING.y, x2d=DEFAULT_SETTING.x2d,
                steps=400_000, seed: int = 0, lam0=DEFAULT_SETTING.lam0,
                map=None) -> Uncertainty:
    """Uncertainty exponent of the GD outcome in eta*lam0 on the window [lo, hi].

    Parameters
    ----------
    lo, hi : float
        Window of eta*lam0 (lam0 held fixed at ``lam0``, default 1: eta = eta*lam0).
    width : float
        Network width m.
    eps : array_like, optional
        Separations (default 10 log-spaced values in [1e-12, 1e-4] x (hi - lo) scale).
    pairs, threshold, seed :
        Number of random pairs per eps; outcomes differ if the regimes differ or the final
        eta*lambda differ by more than ``threshold``.
    lam0 : float
        lambda0, held fixed (default 1, the package's convention).
    map : CompiledMap, optional
        The (u, v, w) map (default: the derived one).

    Returns
    -------
    Uncertainty

    Examples
    --------
    >>> r = uncertainty(2.5, 3.0, 1e4, pairs=200, steps=20000)
    >>> bool(r.fraction.max() < 0.05)
    True
    """
    lo, hi = float(check_real("lo", lo, gt=0)), float(check_real("hi", hi, gt=lo))
    pairs = check_int("pairs", pairs, ge=10)
    eps = (hi - lo) * np.logspace(-10, -2, 9) if eps is None else np.asarray(eps, float)
    rng = np.random.default_rng(seed)
    frac = []
    for e in eps:
        x = rng.uniform(lo, hi - e, pairs)
        od = orbit_diagram(np.concatenate([x, x + e]), [width], g0=g0, y=y, x2d=x2d,
                           steps=steps, lam0=lam0, map=map)
        a, b = od.regime[:pairs, 0], od.regime[pairs:, 0]
        va, vb = od.eta_lam_final[:pairs, 0], od.eta_lam_final[pairs:, 0]
        conv = (a != "divergent") & (b != "divergent")
        with np.errstate(invalid="ignore"):
            diff = (a != b) | (conv & (np.abs(va - vb) > threshold))
        frac.append(np.count_nonzero(diff) / pairs)
    frac = np.array(frac)
    ok = frac > 0
    alpha = float(np.polyfit(np.log(eps[ok]), np.log(frac[ok]), 1)[0]) if ok.sum() >= 2 \
        else float("nan")
    return Uncertainty(eps, frac, alpha, 1 - alpha, pairs, (lo, hi), float(width), threshold)
