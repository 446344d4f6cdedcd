"""Many float64 runs of the population map at once (one population, many (eta, rho0)).

The same derived update as :func:`nqm_theory.activations.population.run_population` (the
lambdified identity A3, applied to arrays of shape (R, N): R runs, N neurons), with the same
decisions (converged: loss < loss_tol at 0 < v < 2; divergent: loss > overflow or not
finite; undecided: budget spent).  A finished run is frozen, so each run's result is the one
it would have alone (the tests check this against ``run_population``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_int
from ..results import Tolerances

__all__ = ["BatchResult", "run_batch"]


@dataclass(frozen=True)
class BatchResult:
    """Per-run results (arrays of length R): regime codes (REGIME_CODES order), steps,
    peak u = max rho^2, final u, final v = eta*lam and the first-step v."""

    regime: np.ndarray
    steps: np.ndarray
    peak_u: np.ndarray
    final_u: np.ndarray
    final_v: np.ndarray
    v0: np.ndarray


def run_batch(pop, etas, rho0s, *, steps: int, scales, tolerances: Tolerances | None = None,
              ) -> BatchResult:
    """Run the population map for each pair (etas[k], rho0s[k]); loss = rho^2 * scales[k].

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> from nqm_theory.activations.population import population
    >>> P = population(make_activation("gelu"), [0.3, -1.2, 0.7, 2.0], [1, 1, -1, -1])
    >>> lam = float(P.lam())
    >>> res = run_batch(P, [0.5 / lam, 3 / lam, 9 / lam], [1e-3] * 3, steps=3000,
    ...                 scales=[1.0] * 3)
    >>> res.regime.tolist()
    [0, 1, 2]
    """
    from .population import step_functions
    steps = check_int("steps", steps, ge=0)
    tol = tolerances or Tolerances()
    rho_next, bfun = step_functions()
    e = np.asarray(etas, dtype=float)
    rho = np.array(rho0s, dtype=float)
    sc = np.broadcast_to(np.asarray(scales, dtype=float), e.shape)
    R = e.size
    om, h11, h12 = (np.asarray(t, dtype=float) for t in (pop.omega, pop.h11, pop.h12))
    G1 = np.tile(np.asarray(pop.j1, dtype=float), (R, 1))
    G2 = np.tile(np.asarray(pop.j2, dtype=float), (R, 1))
    regime = np.full(R, 3)
    done_t = np.full(R, steps)
    peak = rho * rho
    u0 = peak.copy()
    final_u = np.zeros(R)
    final_v = np.zeros(R)
    v0 = np.zeros(R)
    live = np.arange(R)
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            a0 = (G1 * G1 + G2 * G2) @ om
            v = e[live] * a0
            u = rho[live] * rho[live]
            if t == 0:
                v0[:] = v
            peak[live] = np.maximum(peak[live], u)
            loss = u * sc[live]
            final_u[live], final_v[live] = u, v
            div = ~(loss <= tol.overflow) | ~np.isfinite(v)
            conv = ~div & (loss < tol.loss_tol) & ((rho[live] == 0) | ((v > 0) & (v < 2)))
            stop = div | conv
            if t == steps:
                stop[:] = True
            if stop.any():
                idx = live[stop]
                regime[idx] = np.where(div[stop], 2, np.where(
                    conv[stop], np.where(peak[idx] > u0[idx], 1, 0), 3))
                done_t[idx] = t
                keep = ~stop
                live, G1, G2, a0 = live[keep], G1[keep], G2[keep], a0[keep]
            if live.size == 0:
                break
            r = rho[live]
            a1 = (h11 * G1 * G1 + 2 * h12 * G1 * G2) @ om
            b = np.broadcast_to(np.asarray(bfun(r), dtype=float), r.shape)[:, None]
            HG1, HG2 = h11 * G1 + h12 * G2, h12 * G1
            rho[live] = rho_next(r, e[live], a0, a1)
            G1, G2 = G1 + b * HG1, G2 + b * HG2
    return BatchResult(regime, done_t, peak, final_u, final_v, v0)
