"""Where the catapult window is, per activation: regimes over eta*lam0, widths and draws.

For a draw of the network (docs/theory.md §2 initialisation, one example with |x|^2 = d, so
a = 1) the exact reduced map (:mod:`nqm_theory.activations.population`) is run for every
eta*lam0 = v0 of a grid (eta = v0 / lam0 of the draw).  From the regimes:

* ``lower``: the smallest v0 of the grid whose run is a catapult (onset of the catapult);
* ``first_divergent``: the smallest v0 whose run diverges (onset of divergence);
* ``last_convergent``: the largest v0 whose run converges.

``first_divergent < last_convergent`` means the upper edge is not sharp: in a band of v0
some rates diverge and larger ones converge again.  The infinite-width limit is scanned the
same way (:func:`limit_scan`) over several rho(0) = eta (g0 - y)/sqrt m, since rho(0) is
the only place where m and the draw enter the limit map.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError, check_int
from ..results import Tolerances

__all__ = ["Draw", "draw", "scan_draw", "limit_scan", "edges", "spectral_moments"]

#: Tolerances of the scans: converged when the loss is 1e-20 (absolute) at 0 < v < 2.
SCAN_TOL = Tolerances(loss_tol=1e-20, overflow=1e60)


@dataclass(frozen=True, eq=False)
class Draw:
    """One drawn network on the example x = (1, ..., 1): its population, g0 and lam0."""

    network: object
    X: np.ndarray
    population: object
    g0: float
    lam0: float

    @property
    def m(self) -> int:
        return self.network.m


def draw(activation, m: int, d: int, seed: int) -> Draw:
    """Draw the network (``draw_network``) and reduce it (z_i = u_i.x/sqrt d, v_i)."""
    from .network import draw_network, unit_example
    from .population import population
    net = draw_network(activation, m, d, seed=seed)
    X = unit_example(d)
    zs = (net.U0 @ X[0]) / math.sqrt(d)
    pop = population(activation, zs, net.V0)
    g0 = float(net.output(net.U0, net.V0, X, kind="net")[0])
    return Draw(net, X, pop, g0, float(pop.lam()))


def scan_draw(dr: Draw, v0s, y: float, *, steps: int = 20000, tolerances=SCAN_TOL):
    """Run the reduced map of one draw at every eta*lam0 in ``v0s``: a BatchResult."""
    from .batch import run_batch
    v0s = np.asarray(v0s, dtype=float)
    if not np.all(np.isfinite(v0s) & (v0s > 0)):
        raise NQMValueError(f"`v0s` must be finite numbers > 0 (eta*lam0), got {v0s}")
    etas = v0s / dr.lam0
    rho0 = etas * (dr.g0 - y) / math.sqrt(dr.m)
    return run_batch(dr.population, etas, rho0, steps=steps,
                     scales=dr.m / (2 * etas**2), tolerances=tolerances)


def limit_scan(activation, v0s, rho0s, *, n: int = 128, steps: int = 20000,
               tolerances=SCAN_TOL):
    """The limit map at every (v0, rho0): regime codes of shape (len(rho0s), len(v0s)).

    The loss scale is 1 (u = rho^2 is compared with the tolerances), since m is infinite.
    Returns ``(regimes, peak_u, final_v)``.
    """
    from .batch import run_batch
    from .limit import limit_population
    P = limit_population(activation, n)
    lam = float(P.lam())
    v0s = np.asarray(v0s, dtype=float)
    R = np.asarray(rho0s, dtype=float)
    V, RR = np.meshgrid(v0s, R)
    res = run_batch(P, (V / lam).ravel(), RR.ravel(), steps=steps, scales=1.0,
                    tolerances=tolerances)
    shape = RR.shape
    return (res.regime.reshape(shape), res.peak_u.reshape(shape),
            res.final_v.reshape(shape))


def edges(regimes, v0s) -> dict:
    """Edges of one row of regime codes (0 monotone, 1 catapult, 2 divergent, 3 undecided).

    >>> edges([0, 0, 1, 1, 2, 1, 2, 2], [1, 1.5, 2.5, 3, 3.5, 3.6, 4, 5])
    {'lower': 2.5, 'first_divergent': 3.5, 'last_convergent': 3.6, 'sharp': False, 'undecided': 0}
    """
    reg = np.asarray(regimes)
    v = np.asarray(v0s, dtype=float)
    if reg.shape != v.shape:
        raise NQMValueError(f"`regimes` and `v0s` must have the same shape, got {reg.shape} "
                            f"and {v.shape}")
    cat = v[reg == 1]
    div = v[reg == 2]
    conv = v[(reg == 0) | (reg == 1)]
    first_div = float(div.min()) if div.size else None
    last_conv = float(conv.max()) if conv.size else None
    sharp = first_div is None or last_conv is None or last_conv < first_div
    return {"lower": float(cat.min()) if cat.size else None, "first_divergent": first_div,
            "last_convergent": last_conv, "sharp": bool(sharp),
            "undecided": int(np.sum(reg == 3))}


def spectral_moments(population) -> dict:
    """Normalised moments of the spectral measure sum_k beta_k^2 delta_{kappa_k} at t = 0.

    Per neuron the 2x2 block Ht_i is diagonalised; ``mu2`` = <kappa^2>, ``kurtosis`` =
    <kappa^4>/<kappa^2>^2 and ``odd`` = <kappa>/sqrt(mu2) (asymmetry), averages under the
    normalised measure.  kurtosis = 1 means |kappa| is constant on the support (relu,
    linear, abs).
    """
    h11 = np.asarray(population.h11, dtype=float)
    h12 = np.asarray(population.h12, dtype=float)
    j1 = np.asarray(population.j1, dtype=float)
    j2 = np.asarray(population.j2, dtype=float)
    om = np.asarray(population.omega, dtype=float)
    H = np.stack([np.stack([h11, h12], -1), np.stack([h12, np.zeros_like(h12)], -1)], -2)
    lam, E = np.linalg.eigh(H)
    beta = np.einsum("nij,ni->nj", E, np.stack([j1, j2], -1))
    w = (beta**2) * om[:, None]
    tot = w.sum()
    mom = {k: float((w * lam**k).sum() / tot) for k in (1, 2, 4)}
    return {"mu2": mom[2], "kurtosis": mom[4] / mom[2]**2,
            "odd": mom[1] / math.sqrt(mom[2]), "lam0": float(tot)}


def seed_fractions(regimes) -> dict:
    """Fraction of draws (rows) in each regime, per column: ``{name: array}``."""
    reg = np.asarray(regimes)
    check_int("rows", reg.shape[0], ge=1)
    return {name: (reg == k).mean(axis=0) for k, name in
            enumerate(("monotone", "catapult", "divergent", "undecided"))}
