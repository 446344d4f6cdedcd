"""The infinite-width limit of the one-example NQM dynamics (any activation).

In the scaled variables of identity A3 (:mod:`nqm_theory.activations.symbolic`) the map
rho' = rho (1 - eta <|Gt|^2> + 1/2 rho eta <Gt^T Ht Gt>), Gt_i' = (1 - rho Ht_i) Gt_i has no m
in it: m enters only through the average <.> over the m neurons and through
rho(0) = eta (g0 - y)/sqrt m.  Each Gt_i(t) is a fixed function of (z_i, v_i) and of the path
rho(0..t-1), so as m -> infinity (law of large numbers) the averages become expectations
over the initialisation law z ~ N(0, a), v = +-1: the dynamics become deterministic given
g0 - y and m (through rho(0)).  :func:`limit_population` replaces the neurons by quadrature
nodes: Gauss-Legendre on [-L, 0] and [0, L] (L = 12 sqrt a; the split at 0 keeps the
integrands of relu, leaky_relu and abs smooth on each piece) times the Gaussian density,
each node twice (v = +1, -1).  The quadrature error is measured by comparing n and 2n nodes
(:func:`quadrature_error`) and, for lam(0), against ``scipy.integrate.quad``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_int, check_real

__all__ = ["limit_population", "limit_kernel", "quadrature_error", "QuadratureError"]

_L = 12.0


def _nodes(n: int, a: float):
    x, w = np.polynomial.legendre.leggauss(n)
    L = _L * math.sqrt(a)
    half = 0.5 * L * (x + 1)                     # nodes on [0, L]
    hw = 0.5 * L * w
    z = np.concatenate([-half[::-1], half])
    wz = np.concatenate([hw[::-1], hw])
    dens = np.exp(-z * z / (2 * a)) / math.sqrt(2 * math.pi * a)
    return z, wz * dens


def limit_population(activation, n: int = 64, *, a: float = 1.0):
    """The population of the limit: 2n nodes z (n per half-line), each with v = +1 and -1.

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> P = limit_population(make_activation("relu"), 32)
    >>> round(float(P.lam()), 12)      # E[a relu'(z)^2 + relu(z)^2] = 1/2 + 1/2
    1.0
    """
    from .population import population
    n = check_int("n", n, ge=2, le=100_000)
    a = float(check_real("a", a, gt=0))
    zq, wq = _nodes(n, a)
    zs = np.concatenate([zq, zq])
    vs = np.concatenate([np.ones_like(zq), -np.ones_like(zq)])
    return population(activation, zs, vs, a=a, omega=np.concatenate([wq, wq]) / 2)


def limit_kernel(activation, *, a: float = 1.0) -> tuple:
    """lam(0) in the limit, E[a sigma'(z)^2 + sigma(z)^2], by ``scipy.integrate.quad``:
    ``(value, error estimate)`` (the independent check of the nodes).

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> val, err = limit_kernel(make_activation("linear"))
    >>> round(val, 12), err < 1e-10
    (2.0, True)
    """
    from scipy.integrate import quad

    def integrand(t):
        s0, s1, _ = activation.derivatives(np.array([t]))
        return (a * s1[0] ** 2 + s0[0] ** 2) * math.exp(-t * t / (2 * a)) / math.sqrt(
            2 * math.pi * a)
    L = _L * math.sqrt(a)          # the Gaussian tail beyond 12 sd is below 1e-32
    lo = quad(integrand, -L, 0, epsabs=1e-15, epsrel=1e-13, limit=400)
    hi = quad(integrand, 0, L, epsabs=1e-15, epsrel=1e-13, limit=400)
    return lo[0] + hi[0], lo[1] + hi[1]


@dataclass(frozen=True)
class QuadratureError:
    """Differences between the limit map with n and with 2n nodes per half-line.

    Attributes
    ----------
    n : int
    lam_n, lam_2n, lam_quad : float
        lam(0) with n and 2n nodes and by adaptive quadrature.
    rho_max_rel : float
        max_t |rho_n(t) - rho_2n(t)| / max_t |rho_2n(t)| over the run.
    v_final_abs, peak_u_rel : float
        |v_n(T) - v_2n(T)| and the relative difference of max rho^2.
    steps : int
    """

    n: int
    lam_n: float
    lam_2n: float
    lam_quad: float
    rho_max_rel: float
    v_final_abs: float
    peak_u_rel: float
    steps: int


def quadrature_error(activation, *, v0: float, rho0: float, n: int = 64, steps: int = 400,
                     a: float = 1.0) -> QuadratureError:
    """Run the limit map at eta*lam = ``v0`` from ``rho0`` with n and 2n nodes; compare.

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> q = quadrature_error(make_activation("tanh"), v0=2.5, rho0=1e-3, n=32, steps=200)
    >>> q.rho_max_rel < 1e-6, abs(q.lam_2n - q.lam_quad) < 1e-12
    (True, True)
    """
    from .population import run_population
    runs, lams = [], []
    for k in (n, 2 * n):
        P = limit_population(activation, k, a=a)
        lam = float(P.lam())
        lams.append(lam)
        runs.append(run_population(P, v0 / lam, rho0, steps=steps, record=True,
                                   scale=1.0))
    T = min(len(runs[0].rho), len(runs[1].rho))
    r1, r2 = runs[0].rho[:T], runs[1].rho[:T]
    ref = float(np.max(np.abs(r2))) or 1.0
    return QuadratureError(n, lams[0], lams[1], limit_kernel(activation, a=a)[0],
                           float(np.max(np.abs(r1 - r2)) / ref),
                           float(abs(runs[0].final_v - runs[1].final_v)),
                           float(abs(runs[0].peak_u - runs[1].peak_u) /
                                 max(runs[1].peak_u, 1e-300)), T - 1)
