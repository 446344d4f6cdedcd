"""Claims checked on the parameter-space simulator (docs/theory.md §4 Prop. 6, §5, §6).

These run GD on the width-m network / NQM (:mod:`nqm_theory.params`), not on a reduced map,
so they are an independent route to the several-examples reduction of
:mod:`nqm_theory.multi`.  Inputs are scalar (d = 1, Assumption 1) except for Prop. 6.
Directions ``p1 = x o 1{x >= 0}``, ``p2 = x o 1{x < 0}`` are used normalized (§9.3).

Examples
--------
>>> from nqm_theory.theorems.several import Proposition9
>>> Proposition9().check().status.value
'holds'
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from ..params import TwoLayerReLU, gradient_descent
from ._base import CaseResult, Claim, Outcome

__all__ = ["Proposition6", "Proposition7", "Proposition8", "Proposition9", "SimCase",
           "directions", "binomial_tail"]

#: Scalar inputs of the default d = 1 data set (|p1|^2 = 4.46, |p2|^2 = 2.85).
X_DEFAULT = np.array([1.0, 1.2, 0.9, 1.1, -1.0, -0.8, -1.1, 0.0])
Y_DEFAULT = np.array([1.0, 0.5, 1.0, -0.5, -1.0, -1.0, 0.5, 0.3])


@dataclass(frozen=True)
class SimCase:
    """One simulator configuration (width m, seed, learning rate as eta*lam1(0), kind...)."""

    m: int
    seed: int
    eta_lam1: float = 2.5
    kind: str = "quad"
    zone: str = ""
    d: int = 1
    vdist: str = "pm1"
    samples: int = 0
    supports_mp: bool = False

    def describe(self) -> dict:
        out = asdict(self)
        out.pop("supports_mp")
        return out


def directions(x):
    """Unit vectors along p1 = x o 1{x >= 0} and p2 = x o 1{x < 0} (either may be 0)."""
    x = np.asarray(x, dtype=float)
    out = []
    for p in (np.where(x >= 0, x, 0.0), np.where(x < 0, x, 0.0)):
        n = np.linalg.norm(p)
        out.append(p / n if n > 0 else p)
    return out


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(Binomial(n, p) >= k) (scipy)."""
    from scipy.stats import binom
    return float(binom.sf(k - 1, n, p))


def _net(case: SimCase, d=1):
    return TwoLayerReLU.init(case.m, d, seed=case.seed)


def _lam_ratio_outcome(case, ratios, lo, hi, c_prime, what):
    """Fraction of draws with ratio outside [lo, hi] vs delta = 4 exp(-m/c')."""
    bad = int(np.sum((ratios < lo) | (ratios > hi)))
    n = len(ratios)
    delta = min(1.0, 4 * math.exp(-case.m / c_prime))
    pval = binomial_tail(bad, n, delta) if bad else 1.0
    margin = (pval - 1e-3) if delta < 1 else 1.0
    return Outcome(margin, None, bad / n, delta,
                   f"{what}: fraction outside [{lo}, {hi}] vs 4 exp(-m/c') (p-value {pval:.3g})")


@dataclass(frozen=True)
class Proposition6(Claim):
    """|x|^2/(2d) <= lambda(0) <= 3|x|^2/(2d) w.h.p. (delta = 4 exp(-m/c'), c' a field)."""

    c_prime: float = 32.0
    samples: int = 300
    name = "Proposition 6"
    statement = ("w.h.p. |x|^2/(2d) <= lambda(0) <= 3|x|^2/(2d) when m >= c' log(4/delta) "
                 "(checked: failure frequency over seeds not significantly above "
                 "delta = 4 exp(-m/c'), c' = 32, one-sided binomial test at 1e-3; c' = 16 is "
                 "rejected for the N(0, 1) draw at m = 200)")
    version = ("docs/theory.md §4 Prop. 6 with v0 uniform on {-1, +1} (the model, §2) and with "
               "v0 ~ N(0, 1) (the proof's draw, §9.2); both are cases")

    def cases(self, widths=None):
        return [SimCase(m, 0, d=d, vdist=vd, samples=self.samples)
                for m in (20, 60, 200, 1000) for d in (1, 5) for vd in ("pm1", "normal")]

    def evaluate(self, case, precision="float64"):
        rng = np.random.default_rng(1000 + case.m + case.d)
        x = rng.standard_normal(case.d)
        X = x[None, :]
        x2d = float(x @ x) / case.d
        ratios = []
        for s in range(case.samples):
            net = _net(SimCase(case.m, s), case.d)
            if case.vdist == "normal":
                V0 = np.random.default_rng(10_000 + s).standard_normal(case.m)
                net = TwoLayerReLU.from_arrays(np.array(net.U0), V0)
            lam0 = net.kernel(net.U0, net.V0, X, kind="quad")[0, 0]
            ratios.append(lam0 / x2d)
        o = _lam_ratio_outcome(case, np.array(ratios), 0.5, 1.5, self.c_prime,
                               "lambda(0) d/|x|^2")
        return CaseResult(o, None, "float64")


@dataclass(frozen=True)
class Proposition8(Claim):
    """M/2 <= lambda_max(K(0)) <= 3M/2 w.h.p. (d = 1)."""

    c_prime: float = 16.0
    samples: int = 200
    name = "Proposition 8"
    statement = ("w.h.p. M/2 <= lambda_max(K(0)) <= 3M/2, M = max over S+/S- of sum_{i,j} "
                 "x_i^2 x_j^2 / sum_i x_i^2 (checked like Prop. 6, c' = 16)")
    version = "docs/theory.md §5 Prop. 8, v0 uniform on {-1, +1}"

    def cases(self, widths=None):
        return [SimCase(m, 0, samples=self.samples) for m in (30, 100, 300, 1000)]

    def evaluate(self, case, precision="float64"):
        X = X_DEFAULT[:, None]
        x = X_DEFAULT
        M = max(np.sum(x[x >= 0] ** 2), np.sum(x[x < 0] ** 2))
        ratios = []
        for s in range(case.samples):
            net = _net(SimCase(case.m, s))
            K = net.kernel(net.U0, net.V0, X, kind="quad")
            ratios.append(np.linalg.eigvalsh(K)[-1] / M)
        o = _lam_ratio_outcome(case, np.array(ratios), 0.5, 1.5, self.c_prime,
                               "lambda_max(K(0))/M")
        return CaseResult(o, None, "float64")


def _gd(case: SimCase, steps=400, record_vectors=False):
    net = _net(case)
    X = X_DEFAULT[:, None]
    lam1 = np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind=case.kind))[-1]
    eta = case.eta_lam1 / lam1
    h = gradient_descent(net, X, Y_DEFAULT, eta=eta, steps=steps, kind=case.kind,
                         record_kernel=True, record_vectors=record_vectors)
    return net, X, h


@dataclass(frozen=True)
class Proposition7(Claim):
    """rank K <= 2 along GD, with eigenvectors p1, p2 and the paper's formula for K."""

    rtol: float = 1e-10
    name = "Proposition 7"
    statement = ("d = 1: rank K <= 2 for every (u, v); p1 = x o m+, p2 = x o m- are "
                 "eigenvectors; K_ij = (1/m) sum_k (u_k^2 + v_k^2) x_i x_j 1{u0_k x_i >= 0}"
                 "1{u0_k x_j >= 0} (NQM)")
    version = "docs/theory.md §5 Prop. 7 on the params simulator (kinds quad and net)"

    def cases(self, widths=None):
        return [SimCase(m, s, eta_lam1=e, kind=k) for m in (50, 500) for s in (0, 1)
                for e in (1.5, 2.6, 3.5) for k in ("quad", "net")]

    def evaluate(self, case, precision="float64"):
        net, X, h = _gd(case, steps=150)
        eigs = h.kernel_eigs[np.all(np.isfinite(h.kernel_eigs), axis=1)]
        top = np.max(np.abs(eigs[:, 0]))
        rank_err = float(np.max(np.abs(eigs[:, 2:]))) / top
        q1, q2 = directions(X_DEFAULT)
        K = net.kernel(h.U, h.V, X, kind=case.kind)
        vec_err = max(float(np.linalg.norm(K @ q - (q @ K @ q) * q)) for q in (q1, q2))
        worst = max(rank_err, vec_err / float(np.max(np.abs(K))))
        o = Outcome(1 - worst / self.rtol, None, worst, self.rtol,
                    "max(|eig_3..n|/eig_1, |K p - (p'Kp) p|/max|K| for p = p1, p2 at the end)")
        if case.kind == "quad":
            U, V_ = h.U, h.V
            s = (net.U0[:, 0][:, None] * X_DEFAULT[None, :]) >= 0
            Kf = ((U[:, 0] ** 2 + V_ ** 2)[:, None, None] * s[:, :, None] * s[:, None, :]).sum(0)
            Kf = Kf * np.outer(X_DEFAULT, X_DEFAULT) / case.m
            K = net.kernel(U, V_, X, kind="quad")
            err = float(np.max(np.abs(K - Kf)) / np.max(np.abs(K)))
            o = min(o, Outcome(1 - err / self.rtol, h.steps, err, self.rtol,
                               "paper's formula for K_ij"), key=lambda z: z.margin)
        return CaseResult(o, None, "float64")


@dataclass(frozen=True)
class Proposition9(Claim):
    """The loss orthogonal to p1, p2 never changes."""

    rtol: float = 1e-9
    name = "Proposition 9"
    statement = "d = 1: the loss projected on every direction orthogonal to p1, p2 never changes"
    version = "docs/theory.md §5 Prop. 9 on the params simulator (kinds quad and net)"

    def cases(self, widths=None):
        return [SimCase(m, s, eta_lam1=e, kind=k) for m in (50, 1000) for s in (0, 1)
                for e in (1.0, 2.6, 3.6, 4.3) for k in ("quad", "net")]

    def evaluate(self, case, precision="float64"):
        _, _, h = _gd(case, steps=300)
        q1, q2 = directions(X_DEFAULT)
        R = h.outputs - Y_DEFAULT[None, :]
        ok = np.all(np.isfinite(R), axis=1)
        R = R[ok]
        perp = R - np.outer(R @ q1, q1) - np.outer(R @ q2, q2)
        drift = np.max(np.abs(perp - perp[0]), axis=1)
        scale = np.maximum(np.max(np.abs(R), axis=1), 1.0)
        rel = drift / scale
        i = int(np.argmax(rel))
        return CaseResult(Outcome(1 - float(rel[i]) / self.rtol, i, float(rel[i]), self.rtol,
                                  "|P_perp (g(t) - y) - P_perp (g(0) - y)| / max|g - y|"),
                          None, "float64")
