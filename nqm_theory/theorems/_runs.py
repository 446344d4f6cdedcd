"""One-example cases and their trajectories through the exact (u, v, w) map (docs/theory.md §3).

A :class:`Case` fixes m, v0 = eta*lam0, g0, y, ``|x|^2/d`` and eta.  :func:`trajectory`
iterates the case's map object (``Case.map``, default the derived one-example map; the
mutation tests pass a map with a perturbed coefficient through ``Claim.check(map=...)``)
with its numba cell loop (float64, bit-identical to ``iterate(..., precision="float64")``)
or with mpmath (``precision="mp50"``, through :func:`nqm_theory.iterate`).

Constants of the paper's proofs, in the paper's notation:
``C_u = m u(0) = |x|^2/d eta^2 (g0 - y)^2``, ``C = eta |x| |y| / sqrt(d)`` so that
``w^2 = (C^2/m) u`` (the invariant ``k = C^2/m``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..core.iterate import default_map, iterate
from ..models import OneExample
from ..results import Tolerances
from ._base import DEFAULT_WIDTHS, Outcome

__all__ = ["Case", "Run", "trajectory", "step_function", "eps_m", "DEFAULT_WIDTHS",
           "LABELS", "one_example_cases"]

#: (g0, y, x2d, eta) of the default sweep; includes y = 0, r0*y < 0 and r0*y > 0, and
#: (g0, y) = (-2, 1), for which 4C/(4-v)^2 < u(0) < 16C^2/(4-v)^2 at v = 3 (Prop. 2).
LABELS = ((1.0, 0.0, 1.0, 1.0), (0.5, 1.0, 1.0, 1.0), (-0.5, 1.0, 2.5, 0.5),
          (1.5, 1.0, 1.0, 2.0), (0.0, 1.0, 1.0, 1.0), (-2.0, 1.0, 1.0, 1.0),
          (0.3, -0.7, 0.5, 1.0))

MAX_STEPS = 4_000_000


def eps_m(m, K=1.0) -> float:
    """The margin ``eps = K log(m) / sqrt(m)`` of Theorems 1, 4, 5 (natural log)."""
    return K * math.log(m) / math.sqrt(m)


@dataclass(frozen=True)
class Case:
    """One problem of the one-example map; ``v0 = eta * lam0``."""

    m: float
    v0: float
    g0: float
    y: float
    x2d: float = 1.0
    eta: float = 1.0
    supports_mp: bool = True
    map: object = field(default=None, compare=False, repr=False)

    @property
    def problem(self) -> OneExample:
        return OneExample(width=self.m, eta=self.eta, lam0=self.v0 / self.eta, g0=self.g0,
                          y=self.y, x2d=self.x2d)

    @property
    def C_u(self) -> float:
        """``m u(0) = |x|^2/d eta^2 r0^2``."""
        return self.x2d * self.eta ** 2 * (self.g0 - self.y) ** 2

    @property
    def C(self) -> float:
        """``eta |x| |y| / sqrt(d)``."""
        return self.eta * math.sqrt(self.x2d) * abs(self.y)

    @property
    def realizable(self) -> bool:
        """Whether some NQM parameters give this (g0, lam0): ``4 c g0^2 <= lam0^2``.

        H has eigenvalues 0 and +-sqrt(c) (H^3 = c H), so |2 g| = |theta^T H theta| <=
        theta^T H^2 theta / sqrt(c) = lam / sqrt(c).  Unreachable states can leave the
        physical region (v < 0, i.e. a negative kernel) and are excluded by every claim.
        """
        return 4 * self.x2d * self.eta ** 2 * self.g0 ** 2 / self.m <= self.v0 ** 2

    @property
    def k(self) -> float:
        """``C^2 / m``: the invariant ``w^2 = k u``."""
        return self.C ** 2 / self.m

    def describe(self) -> dict:
        return {"m": self.m, "v0": self.v0, "g0": self.g0, "y": self.y, "x2d": self.x2d,
                "eta": self.eta}


@dataclass(frozen=True)
class Run:
    """Trajectory of a case: arrays u, v, w (steps 0..T), loss = u*s, regime and precision."""

    u: np.ndarray
    v: np.ndarray
    w: np.ndarray
    s: float
    regime: str
    precision: str

    @property
    def loss(self):
        return self.u * self.s


def _tol(loss0: float) -> Tolerances:
    return Tolerances(loss_tol=max(loss0 * 1e-10, 1e-300), overflow=1e100)


def trajectory(case: Case, precision: str = "float64", steps: int | None = None) -> Run:
    """Iterate the map from the case's initial state until convergence/divergence.

    The step budget grows (x8) up to ``MAX_STEPS`` while the run is undecided.
    Convergence: loss < 1e-10 * loss(0) at a stable point (``0 < v < 2``).
    """
    from ..results import REGIME_CODES
    cmap = default_map() if case.map is None else case.map
    p = case.problem
    u0, v0, w0, s = p.initial_state()
    tol = _tol(u0 * s)
    budget = steps or 20_000
    if precision != "float64":
        budget = steps or min(2 * (len(trajectory(case).u) + 50), MAX_STEPS)
        res = iterate(p, steps=budget, precision=precision, tolerances=tol, map=cmap)
        tr = res.trajectory
        return Run(tr.u, tr.v, tr.w, float(s), res.regime.value, precision)
    run_cell = cmap.kernels()["run_cell"]
    while True:
        traj = np.empty((budget + 1, 3))
        with np.errstate(all="ignore"):
            out = run_cell((u0, v0, w0), np.zeros(0), s, tol.loss_tol, tol.overflow, budget,
                           traj)
        code, t = out[0], out[1]
        if code != 3 or budget >= MAX_STEPS or steps is not None:
            k = t + 1
            return Run(traj[:k, 0].copy(), traj[:k, 1].copy(), traj[:k, 2].copy(), s,
                       REGIME_CODES[code].value, "float64")
        budget = min(budget * 8, MAX_STEPS)


def one_example_cases(widths, v0_fn, labels=LABELS) -> list:
    """Cases ``Case(m, v0, *label)`` for every width, every v0 in ``v0_fn(m)`` and label."""
    out = []
    for m in widths:
        for v0 in v0_fn(float(m)):
            for g0, y, x2d, eta in labels:
                out.append(Case(float(m), float(v0), g0, y, x2d, eta))
    return out


def worst(margins, measured, bounds, what, offset=0):
    """:class:`Outcome` at the smallest of the per-step ``margins`` (any number type).

    Empty input gives a vacuous outcome (margin +inf).
    """
    mf = np.asarray(margins, dtype=float).ravel()
    if mf.size == 0:
        return Outcome(float("inf"), None, float("nan"), float("nan"), what + " (vacuous)")
    i = int(np.argmin(mf))
    b = bounds[i] if np.ndim(bounds) else bounds
    return Outcome(float(mf[i]), int(i + offset), float(measured[i]), float(b), what)


def rel(bound, measured):
    """Elementwise ``(bound - measured) / |bound|`` (>= 0 iff measured <= bound)."""
    b = np.asarray(bound, dtype=object) if _is_obj(bound, measured) else np.asarray(bound)
    m = np.asarray(measured, dtype=b.dtype)
    den = np.where(b != 0, abs(b), 1)
    return (b - m) / den


def _is_obj(*xs) -> bool:
    return any(isinstance(x, np.ndarray) and x.dtype == object for x in xs) or any(
        not isinstance(x, (float, int, np.ndarray, np.floating)) for x in xs)


def step_function(kind: str = "exact", map=None):
    """``step(u, v, w) -> (u', v', w')`` of a (u, v, w) map (default: the derived one).

    ``kind`` is ``"exact"`` (Fractions in and out, computed with FLINT rationals) or
    ``"float"`` (Python floats).
    """
    cmap = default_map() if map is None else map
    if kind == "float":
        f = cmap.step_function("float64")
        return lambda u, v, w: f((u, v, w), ())
    from flint import fmpq

    from ..maps.numbers import fraction_of, to_fraction
    f = cmap.step_function("exact")

    def step(u, v, w):
        q = [to_fraction("state", z) for z in (u, v, w)]
        out = f(tuple(fmpq(z.numerator, z.denominator) for z in q), ())
        return tuple(fraction_of(z) for z in out)
    return step
