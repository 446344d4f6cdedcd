"""docs/theory.md §5 Proposition 8: M/2 <= lambda_max(K(0)) <= 3M/2 w.h.p.

At d = 1, K(0) = (A+/m) p1 p1^T + (A-/m) p2 p2^T (Prop. 7) with A+- = sum over neurons with
U0 >< 0 of (U0^2 + 1); M_+ = sum_{S+} x_i^2 x_j^2 / sum_{S+} x_i^2 = |p1|^2, so
lambda_max/M = max(a, rho b) with a = A+/m, b = A-/m, rho = min/max of |p1|^2, |p2|^2.
Given N+ = k ~ Bin(m, 1/2): A+ = k + chi^2_k, A- = (m - k) + chi^2_{m-k}, independent:
the failure probability is an exact finite sum (SciPy).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from ._core import verdict
from .prop6 import c_prime, wilson

NAME = "prop8"
LOC = "docs/theory.md §5 Proposition 8"


def p_fail(m: int, rho: float) -> float:
    """P(lambda_max(K(0))/M not in [1/2, 3/2]), exact (rho = smaller/larger |p_i|^2)."""
    k = np.arange(m + 1)
    w = stats.binom.pmf(k, m, 0.5)

    def cdf_a(t):    # P(k + chi2_k <= t m)
        return np.where(k == 0, 1.0, stats.chi2.cdf(np.maximum(t * m - k, 0), np.maximum(k, 1)))

    def cdf_b(t):    # P(rho ((m - k) + chi2_{m-k}) <= t m)
        if rho == 0:
            return np.ones_like(w)
        j = m - k
        return np.where(j == 0, 1.0, stats.chi2.cdf(np.maximum(t * m / rho - j, 0), np.maximum(j, 1)))

    ok = cdf_a(1.5) * cdf_b(1.5) - cdf_a(0.5) * cdf_b(0.5)
    return float(max(0.0, 1.0 - np.sum(w * ok)))


def monte_carlo(m, rho, n, seed):
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((n, m))
    A = np.sum((U > 0) * (U**2 + 1), axis=1) / m
    B = np.sum((U < 0) * (U**2 + 1), axis=1) / m
    r = np.maximum(A, rho * B)
    return int(np.sum((r < 0.5) | (r > 1.5)))


def check():
    rows, ok_mc = [], True
    for m, rho in ((10, 1.0), (30, 0.5), (30, 0.0)):
        k = monte_carlo(m, rho, 40000, seed=m)
        lo, hi = wilson(k, 40000)
        p = p_fail(m, rho)
        ok_mc &= lo <= p <= hi
        rows.append(f"m={m}, rho={rho}: exact {p:.4g}, MC {k}/40000 in [{lo:.4g}, {hi:.4g}]")
    cp = c_prime("pm1")
    bound_ok = all(p_fail(m, rho) <= 4 * math.exp(-m / cp)
                   for m in (50, 200, 1000) for rho in (0.0, 0.5, 1.0))
    tails = ", ".join(f"{p_fail(m, 1.0):.3g}" for m in (100, 1000))
    return [verdict(ok_mc, NAME, "exact law vs Monte Carlo",
                    "lambda_max(K(0)) = M max(a, rho b) with the law above",
                    "exact finite sums inside 99.9% Wilson intervals of 40000 draws: "
                    + "; ".join(rows), LOC),
            verdict(bound_ok, NAME, "statement", "M/2 <= lambda_max(K(0)) <= 3M/2 w.h.p.",
                    "the failure event is contained in {a not in [1/2, 3/2]} or {b > 3/2}, each "
                    "with the law of Prop. 6, so P_fail <= 4 exp(-m/c') with c' of Prop. 6 "
                    f"(c' = {cp:.4g}); exact P_fail at rho = 1: m = 100, 1000: {tails}; bound "
                    "checked against the exact P_fail for m in {50, 200, 1000}, rho in {0, .5, 1}",
                    LOC, truth=f"holds with probability >= 1 - delta when m >= {cp:.4g} "
                    "log(8/delta)")]
