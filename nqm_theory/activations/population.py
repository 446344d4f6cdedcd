"""The exact reduced dynamics of one-example GD on the NQM of any activation (a population map).

By identities A1-A3 of :mod:`nqm_theory.activations.symbolic`, GD on the NQM of
f = m^(-1/2) sum_i v_i sigma(u_i.x/sqrt d) for one example (x, y) is, exactly,

    rho' = rho (1 - eta <|Gt|^2> + 1/2 rho eta <Gt^T Ht Gt>),   Gt_i' = (1 - rho Ht_i) Gt_i,

with rho = eta (g - y)/sqrt m, Gt_i(0) = (v_i sigma'(z_i) sqrt a, sigma(z_i)),
Ht_i = [[v_i sigma''(z_i) a, sigma'(z_i) sqrt a], [sigma'(z_i) sqrt a, 0]], a = |x|^2/d and
<.> = sum_i omega_i (.) with omega_i = 1/m.  The kernel is lam = <|Gt|^2>, so v = eta*lam.
The update formulas are the derived SymPy expressions (lambdified once), applied to arrays of
neurons: float64 (numpy), ``mpN`` (mpmath) or ``exact`` (``fractions.Fraction``; rational
activations at rational points with sqrt a rational).  The same map with quadrature nodes and
weights in place of the m neurons is the infinite-width limit
(:mod:`nqm_theory.activations.limit`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .._validate import NQMValueError, check_int
from ..results import REGIME_CODES, Regime, RegimeOutcome, Tolerances

__all__ = ["Population", "PopulationRun", "population", "run_population", "step_functions"]


@lru_cache(maxsize=1)
def _maps():
    from ..maps import compile_map
    from .symbolic import A0, A1, eta, population_update, rho
    rho_next, b = population_update()
    return (compile_map((rho,), (eta, A0, A1), (rho_next,), name="population rho step (A3)",
                        jit=False),
            compile_map((rho,), (), (b,), name="population block factor b(rho) (A3)",
                        jit=False))


@lru_cache(maxsize=8)
def step_functions(kind: str = "float64"):
    """``(rho_next(rho, eta, A0, A1), b(rho))`` from the derived identity A3.

    The derived expressions are compiled by the engine (:func:`nqm_theory.maps.compile_map`)
    and evaluated in the numbers of ``kind`` ("float64", "mpN", "exact"); the float64 step
    also takes numpy arrays (elementwise).
    """
    rmap, bmap = _maps()
    rs, bs = rmap.step_function(kind), bmap.step_function(kind)
    return (lambda r, e, a0, a1: rs((r,), (e, a0, a1))[0]), (lambda r: bs((r,), ())[0])


@dataclass(frozen=True, eq=False)
class Population:
    """Per-neuron data of the NQM at initialisation (docs/theory.md §2 with any sigma).

    Attributes
    ----------
    h11, h12 : ndarray, shape (N,)
        Scaled Hessian blocks Ht_i = [[h11, h12], [h12, 0]].
    j1, j2 : ndarray, shape (N,)
        Scaled gradient blocks Gt_i(0) = J~_i.
    omega : ndarray, shape (N,)
        Weights of the average <.> (1/m for a network; quadrature weights for the limit).
    kind : str
        ``"float64"`` or ``"exact"`` (object arrays of Fraction).
    """

    h11: np.ndarray
    h12: np.ndarray
    j1: np.ndarray
    j2: np.ndarray
    omega: np.ndarray
    kind: str = "float64"

    @property
    def size(self) -> int:
        return len(self.omega)

    def lam(self) -> object:
        """lam(0) = <|J~|^2>, the tangent kernel at initialisation."""
        return np.sum(self.omega * (self.j1 * self.j1 + self.j2 * self.j2))


def population(activation, zs, vs, *, a=1, omega=None) -> Population:
    """The :class:`Population` of neurons with pre-activations ``zs`` and output weights ``vs``.

    ``a = |x|^2/d``; ``omega`` defaults to 1/N.  With Fraction ``zs``, ``vs``, ``a``
    (and sqrt a rational) the population is exact.

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> P = population(make_activation("relu"), [Fraction(1, 2), Fraction(-1)], [1, -1])
    >>> P.kind, P.lam()
    ('exact', Fraction(5, 8))
    """
    zs, vs = list(zs), list(vs)
    if len(zs) != len(vs) or not zs:
        raise NQMValueError(f"`zs` and `vs` must have the same length >= 1, got {len(zs)} "
                            f"and {len(vs)}")
    exact = all(isinstance(t, (int, Fraction)) and not isinstance(t, bool)
                for t in zs + vs + [a])
    n = len(zs)
    if exact:
        sa = _exact_sqrt(Fraction(a))
        der = [activation.exact_derivatives(Fraction(t)) for t in zs]
        s0, s1, s2 = (np.array([dd[k] for dd in der], dtype=object) for k in range(3))
        V = np.array([Fraction(t) for t in vs], dtype=object)
        A = Fraction(a)
        om = np.array([Fraction(1, n)] * n if omega is None else
                      [Fraction(o) for o in omega], dtype=object)
    else:
        A = float(a)
        sa = math.sqrt(A)
        s0, s1, s2 = activation.derivatives(np.asarray(zs, dtype=float))
        V = np.asarray(vs, dtype=float)
        om = np.full(n, 1.0 / n) if omega is None else np.asarray(omega, dtype=float)
    return Population(V * s2 * A, s1 * sa, V * s1 * sa, s0, om,
                      "exact" if exact else "float64")


def _exact_sqrt(q: Fraction) -> Fraction:
    p, r = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if p * p != q.numerator or r * r != q.denominator or q <= 0:
        raise NQMValueError(f"`a` = |x|^2/d must be a positive rational square in exact "
                            f"mode, got {q}")
    return Fraction(p, r)


@dataclass(frozen=True)
class PopulationRun(RegimeOutcome):
    """Result of :func:`run_population` (one run).

    Attributes
    ----------
    regime : Regime
    steps, peak_step : int
    rho, v : ndarray
        rho(t) = eta r(t)/sqrt m and v(t) = eta lam(t), t = 0..steps (``record``) or the
        first and last values.
    peak_u, final_u : number
        max_t rho^2 and rho(steps)^2 (the loss is rho^2 m / (2 eta^2)).
    final_v : number
        eta * lam at the last step.
    """

    regime: Regime
    steps: int
    peak_step: int
    rho: np.ndarray
    v: np.ndarray
    peak_u: object
    final_u: object
    final_v: object


def _convert(pop: Population, precision: str):
    from ..maps.numbers import parse_precision
    prec = parse_precision(precision)
    if prec.kind == "float64":
        return prec, (lambda t: np.asarray(t, dtype=float) if pop.kind == "float64"
                      else np.array([float(e) for e in t]))
    if prec.kind == "exact":
        if pop.kind != "exact":
            raise NQMValueError("`precision` 'exact' needs an exact population (rational "
                                "activation values, Fraction pre-activations)")
        from flint import fmpq
        return prec, (lambda t: np.array([fmpq(Fraction(e).numerator, Fraction(e).denominator)
                                          for e in t], dtype=object))
    if prec.kind != "mp":
        raise NQMValueError(f"`precision` must be float64, mpN or exact here, got {precision!r}")
    import mpmath
    return prec, (lambda t: np.array([e if isinstance(e, mpmath.mpf) else
                                      (mpmath.mpf(e.numerator) / e.denominator
                                       if isinstance(e, Fraction) else mpmath.mpf(e))
                                      for e in t], dtype=object))


def run_population(pop: Population, eta, rho0, *, steps: int, precision: str = "float64",
                   tolerances: Tolerances | None = None, scale=1, record: bool = False
                   ) -> PopulationRun:
    """Iterate the population map from ``Gt = J~`` and ``rho = rho0`` (one run).

    ``scale`` converts u = rho^2 to the loss (loss = u * scale, scale = m/(2 eta^2) for a
    network) for the tolerances; a run is converged when the loss is below ``loss_tol``
    with 0 < v < 2 (a stable fixed point, as in :mod:`nqm_theory.maps.loops`), divergent when
    the loss passes ``overflow`` or stops being finite.

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> P = population(make_activation("tanh"), [0.3, -1.2, 0.7], [1, 1, -1])
    >>> run_population(P, 1.0, 1e-3, steps=500, scale=1.0).regime.value
    'monotone'
    """
    steps = check_int("steps", steps, ge=0)
    tol = tolerances or Tolerances()
    prec, conv = _convert(pop, precision)
    rho_next, bfun = step_functions(prec.name)
    # overflow of a diverging run is detected below (non-finite or > overflow): an outcome
    with prec.context(), np.errstate(all="ignore"):
        h11, h12, om = conv(pop.h11), conv(pop.h12), conv(pop.omega)
        G1, G2 = conv(pop.j1), conv(pop.j2)
        e = conv([Fraction(eta) if prec.kind != "float64" else eta])[0]
        rh = conv([Fraction(rho0) if prec.kind != "float64" else rho0])[0]
        sc = conv([Fraction(scale) if prec.kind != "float64" else scale])[0]
        lo, hi = (prec.convert(k, getattr(tol, k)) for k in ("loss_tol", "overflow"))
        rhos, vs = [rh], []
        peak, peak_t, regime, t = rh * rh, 0, 3, 0
        u0 = peak
        while True:
            a0 = np.sum(om * (G1 * G1 + G2 * G2))
            vv = e * a0
            vs.append(vv)
            u = rh * rh
            if u > peak:
                peak, peak_t = u, t
            loss = u * sc
            if not _finite(loss) or not _finite(vv) or loss > hi:
                regime = 2
                break
            if loss < lo and (rh == 0 or 0 < vv < 2):
                regime = 1 if peak > u0 else 0
                break
            if t >= steps:
                break
            a1 = np.sum(om * (h11 * G1 * G1 + 2 * h12 * G1 * G2))
            b = bfun(rh)
            HG1, HG2 = h11 * G1 + h12 * G2, h12 * G1
            rh = rho_next(rh, e, a0, a1)
            G1, G2 = G1 + b * HG1, G2 + b * HG2
            t += 1
            if record:
                rhos.append(rh)
        if not record:
            rhos = [rhos[0], rh]
            vs = [vs[0], vs[-1]]
    out = _outputs(prec.kind)
    return PopulationRun(REGIME_CODES[regime], t, peak_t, out(rhos), out(vs), out([peak])[0],
                         out([rh * rh])[0], out([vs[-1]])[0])


def _outputs(kind):
    if kind == "float64":
        return lambda xs: np.array([float(x) for x in xs])
    if kind == "exact":
        from ..maps.numbers import fraction_of
        return lambda xs: np.array([fraction_of(x) for x in xs], dtype=object)
    return lambda xs: np.array(list(xs), dtype=object)


def _finite(x) -> bool:
    if isinstance(x, Fraction):
        return True
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False
