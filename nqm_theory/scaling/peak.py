"""Peak loss, steps to the peak and final kernel against the width m (docs/theory.md §4, §9.7).

Theorem 1 bounds the catapult peak from below by Omega(m delta^2 / log m),
delta = eta*lam0 - 2.  :func:`peak_scaling` measures the peak over many decades of m with
the exact one-example map (numba kernel, parallel over cells) and fits the competing
laws ``L_peak = A m delta^2`` and ``L_peak = A m delta^2 / log m`` per delta, plus the free
law ``L_peak = A m delta^2 (log m)^beta`` (beta with a 95% confidence interval, scipy).

Convention (:mod:`nqm_theory.catalogue`): lam0 = 1, so eta = eta*lam0 = 2 + delta;
``eta=`` holds eta fixed instead (lam0 = (2 + delta)/eta; ``eta=1`` is the convention of
version 0.1), ``lam0=`` another fixed lam0.  The package does not assume either law:
the fits decide.

Examples
--------
>>> s = peak_scaling(deltas=[0.5], widths=[1e3, 1e5, 1e7, 1e9])
>>> s.fits[0].preferred
'm delta^2'
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from .._validate import NQMValueError, check_real
from ..catalogue import convention
from ..models import OneExample

__all__ = ["PeakScaling", "LawFit", "peak_scaling", "run_grid", "DEFAULT_DELTAS"]

DEFAULT_DELTAS = (0.01, 0.05, 0.2, 0.5, 1.0, 1.5, 1.9)


def run_grid(problems, *, steps=20_000_000, tol_rel=1e-10, map=None):
    """Run the map's parallel NQM loop on a list of :class:`OneExample` (float64).

    Returns a dict of arrays: regime, nsteps, peak, peak_t, final_loss, fu, fv, fw (the
    final state).  Convergence: loss < tol_rel * min loss(0) at a stable point.
    """
    from ..core.iterate import default_map
    cmap = default_map() if map is None else map
    st = np.array([p.initial_state() for p in problems], dtype=float).reshape(-1, 4)
    n = len(problems)
    out = {k: np.empty(n, dtype=t) for k, t in (
        ("regime", np.int64), ("nsteps", np.int64), ("peak", float), ("peak_t", np.int64),
        ("final_loss", float))}
    final = np.empty((n, 3))
    tol = float(np.min(st[:, 0] * st[:, 3])) * tol_rel if n else 1e-24
    with np.errstate(all="ignore"):
        cmap.kernels()["run_cells"](np.ascontiguousarray(st[:, :3]), np.zeros((n, 0)),
                                    st[:, 3].copy(), tol, 1e100, steps, out["regime"],
                                    out["nsteps"], out["peak"], out["peak_t"],
                                    out["final_loss"], final)
    out.update(fu=final[:, 0], fv=final[:, 1], fw=final[:, 2])
    return out


@dataclass(frozen=True)
class LawFit:
    """Fits of ``log(L_peak / (m delta^2)) = a + beta log log m`` for one delta.

    Attributes
    ----------
    delta : float
    beta, beta_ci : float, (float, float)
        Free-fit exponent of log m and its 95% confidence interval (t distribution; the
        residuals are deterministic log-periodic oscillations, so read it as a scale).
    rms_m_delta2, rms_over_log : float
        Residual RMS (natural-log units) of the fixed laws beta = 0 and beta = -1.
    aic_m_delta2, aic_over_log : float
        Akaike criteria of the two fixed laws (one free constant each).
    A_m_delta2 : float
        Fitted constant of ``L_peak = A m delta^2`` (geometric mean).
    ratio_range : (float, float)
        min and max of L_peak / (m delta^2) over the widths.
    preferred : str
        ``"m delta^2"`` or ``"m delta^2/log m"`` (smaller AIC).
    n_used : int
        Widths used: those with delta >= log(m)/sqrt(m) (Theorem 1's hypothesis).
    """

    delta: float
    beta: float
    beta_ci: tuple
    rms_m_delta2: float
    rms_over_log: float
    aic_m_delta2: float
    aic_over_log: float
    A_m_delta2: float
    ratio_range: tuple
    preferred: str
    n_used: int


@dataclass(frozen=True)
class PeakScaling:
    """Result of :func:`peak_scaling`; arrays have shape (len(deltas), len(widths)).

    Attributes
    ----------
    deltas, widths : tuple of float
        delta = eta*lam0 - 2 (rows) and the widths m (columns).
    peak_loss, peak_step : ndarray
        max_t L(t) and the first step where it occurs.
    final_kernel, eta_lam_final : ndarray
        lambda and eta*lambda (= v) at the last step.
    regime : ndarray of int
        Codes of :data:`nqm_theory.results.REGIME_CODES`.
    fits : tuple
        :class:`LawFit` per delta, or None (fewer than 4 widths with delta >= log m/sqrt m).
    steps_fit : tuple of dict
        Steps to the peak = a + b log m, per delta.
    labels : dict
        g0, y, x2d and the convention's keys (``convention``, ``fixed``, ``lam0``, ``eta``).
    """

    deltas: tuple
    widths: tuple
    peak_loss: np.ndarray
    peak_step: np.ndarray
    final_kernel: np.ndarray
    regime: np.ndarray
    fits: tuple
    steps_fit: tuple
    labels: dict
    eta_lam_final: np.ndarray = None

    def to_dict(self) -> dict:
        """JSON-ready dict; ``convention`` states how eta*lam0 = 2 + delta was split."""
        return {"convention": self.labels["convention"], "fixed": self.labels["fixed"],
                "deltas": list(self.deltas), "widths": list(self.widths),
                "peak_loss": self.peak_loss.tolist(), "peak_step": self.peak_step.tolist(),
                "final_kernel": self.final_kernel.tolist(),
                "eta_lam_final": self.eta_lam_final.tolist(), "regime": self.regime.tolist(),
                "fits": [None if f is None else asdict(f) for f in self.fits],
                "steps_fit": list(self.steps_fit),
                "labels": self.labels}


def _fit(delta, m, peak) -> LawFit | None:
    from scipy import stats
    keep = (delta >= np.log(m) / np.sqrt(m)) & np.isfinite(peak) & (peak > 0)
    if keep.sum() < 4:
        return None   # not defined: fewer than 4 usable widths (no fit from non-finite data)
    m, peak = m[keep], peak[keep]
    y = np.log(peak / (m * delta * delta))
    x = np.log(np.log(m))
    n = len(y)
    res = stats.linregress(x, y)
    tq = stats.t.ppf(0.975, n - 2)
    r0 = y - y.mean()
    r1 = (y + x) - (y + x).mean()
    ss0, ss1 = float(r0 @ r0), float(r1 @ r1)
    aic0 = n * math.log(max(ss0, 1e-300) / n) + 2
    aic1 = n * math.log(max(ss1, 1e-300) / n) + 2
    ratio = peak / (m * delta * delta)
    return LawFit(float(delta), float(res.slope),
                  (float(res.slope - tq * res.stderr), float(res.slope + tq * res.stderr)),
                  math.sqrt(ss0 / n), math.sqrt(ss1 / n), aic0, aic1,
                  float(math.exp(y.mean())), (float(ratio.min()), float(ratio.max())),
                  "m delta^2" if aic0 <= aic1 else "m delta^2/log m", int(n))


def _steps_fit(delta, m, steps) -> dict:
    """Steps to the peak = a + b log m, vs the geometric-growth slope 1/log((1+delta)^2)."""
    from scipy import stats
    res = stats.linregress(np.log(m), steps)
    return {"delta": float(delta), "slope": float(res.slope),
            "intercept": float(res.intercept), "slope_stderr": float(res.stderr),
            "predicted_slope": 1 / (2 * math.log1p(delta)), "r2": float(res.rvalue ** 2)}


def peak_scaling(deltas=DEFAULT_DELTAS, widths=None, *, g0=1.0, y=0.0, x2d=1.0,
                 lam0=None, eta=None) -> PeakScaling:
    """Measure the catapult peak vs m for each delta = eta*lam0 - 2 in (0, 2).

    Parameters
    ----------
    deltas : sequence of float in (0, 2)
        delta = eta*lam0 - 2.
    widths : sequence of float > 2, default ``logspace(2, 12, 41)``
        Widths m.
    g0, y, x2d : float
        Initial output, label and ``|x|^2/d``.
    lam0, eta : float, optional
        What is held fixed (at most one): by default lam0 = 1, so eta = 2 + delta (the
        package's convention, :func:`nqm_theory.catalogue.convention`); ``lam0=L`` holds
        lam0 = L; ``eta=E`` holds eta = E and lam0 = (2 + delta)/E (``eta=1`` is the
        convention of version 0.1).

    Returns
    -------
    PeakScaling
    """
    widths = tuple(float(check_real("widths", m, gt=2, le=1e15)) for m in
                   (np.logspace(2, 12, 41) if widths is None else widths))
    deltas = tuple(float(check_real("deltas", d, gt=0, lt=2)) for d in deltas)
    if len(widths) < 3:
        raise NQMValueError("`widths` must hold at least 3 widths > 2")
    check_real("g0", g0)
    check_real("y", y)
    check_real("x2d", x2d, gt=0)
    conv = convention(lam0=lam0, eta=eta)
    if g0 == y:
        raise NQMValueError(f"`g0` and `y` must differ: with g0 = y = {y} the loss is 0 at "
                            "initialisation and there is no catapult to measure")
    split = [conv.split(2 + d) for d in deltas]      # (eta, lam0) per delta
    probs = [OneExample(width=m, eta=e, lam0=lam, g0=g0, y=y, x2d=x2d)
             for e, lam in split for m in widths]
    out = run_grid(probs)
    shape = (len(deltas), len(widths))
    peak = out["peak"].reshape(shape)
    pstep = out["peak_t"].reshape(shape)
    reg = out["regime"].reshape(shape)
    v_end = out["fv"].reshape(shape)
    fk = v_end / np.array([e for e, _ in split])[:, None]
    m = np.array(widths)
    fits = tuple(_fit(d, m, peak[i]) for i, d in enumerate(deltas))
    sfit = tuple(_steps_fit(d, m, pstep[i]) for i, d in enumerate(deltas))
    return PeakScaling(deltas, widths, peak, pstep, fk, reg, fits, sfit,
                       {"g0": g0, "y": y, "x2d": x2d, **conv.to_dict()}, eta_lam_final=v_end)
