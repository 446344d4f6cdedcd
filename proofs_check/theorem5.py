"""docs/theory.md §4 Theorem 5 (divergence) and suspect §9.1 (sign of R_lambda)."""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.symbols import c, eta, g, lam, r, u, v, w, y

from ._core import StepResult, verdict
from ._exactmap import step as uvw_step
from ._interval import prove_positive

NAME = "theorem5"
LOC = "docs/theory.md §4 Theorem 5 and the divergence discussion (§9.1)"


def _r_lambda_identity():
    """eta * R_lambda = u (4 - v) + 4 w, and lambda(t+1) = lambda(t) - R_lambda."""
    D = derive_one_example()
    lam_next = D.residual_map.next_state[1]
    R = eta * c * r**2 * (4 * g / r - eta * lam)
    ok1 = sp.simplify(lam_next - (lam - R)) == 0
    uvw = {u: c * eta**2 * r**2, v: eta * lam, w: c * eta**2 * r * y}
    ok2 = sp.simplify((eta * R).subs(g, r + y) - (u * (4 - v) + 4 * w).subs(uvw)) == 0
    return ok1 and ok2


def check():
    out = []
    ok = _r_lambda_identity()
    # Rigorous: with a = sqrt(u), |w| <= b a (b = C/sqrt m), a (v - 4) = 4 b + tau, tau > 0:
    # eta R_lambda / a = a (4 - v) + 4 w / a <= -(4 b + tau) + 4 b omega, omega in [-1, 1].
    box = {"b": (0, 10), "omega": (-1, 1), "tau": (1e-9, 10)}
    pr = prove_positive(lambda X: 4 * X["b"] * (1 - X["omega"]) + X["tau"], box)
    # Exact divergent trajectory: y = 0 (w = 0), v0 = 9/2, u0 = 1/1000 (m = 1000 scale).
    st, signs = (Fraction(1, 1000), Fraction(9, 2), Fraction(0)), []
    for _ in range(8):
        nxt = uvw_step(*st)
        signs.append(st[1] - nxt[1])          # = eta * R_lambda(t)
        st = nxt
    all_neg = all(s < 0 for s in signs)
    status = "ERRATUM" if (ok and pr.proven and all_neg) else "FAIL"
    out.append(StepResult(
        NAME, "sign of R_lambda when eta*lambda > 4 (§9.1)", status,
        "R_lambda(t) > 0 since eta > 4/lambda(t), therefore lambda keeps increasing "
        "(with lambda(t+1) = lambda(t) - R_lambda(t))",
        "eta R_lambda = u (4 - v) + 4 w; for v = eta lambda > 4 and u > 16 C^2/(m (v - 4)^2) "
        "(always when y = 0) R_lambda < 0, and that is why lambda increases. The printed sign "
        "is wrong; the conclusion 'lambda increases' is right",
        f"SymPy identity lambda' = lambda - R_lambda and eta R_lambda = u(4-v)+4w: {ok}; "
        f"{pr.summary(box)} for -(eta R_lambda)/sqrt(u) > 0; exact Fractions from "
        f"(u,v,w) = (1/1000, 9/2, 0): eta R_lambda(t), t=0..7 all < 0: {all_neg} "
        f"(first {float(signs[0]):.3g})", LOC))
    # u grows while v > 4 and u, |w| small:  |1 - v + u + w| >= v - 1 - u - |w| > 1.
    box = {"v": (4, 50), "u": (0, 1), "wabs": (0, 0.5)}
    pr = prove_positive(lambda X: X["v"] - 1 - X["u"] - X["wabs"] - 1, box)
    out.append(verdict(pr.proven, NAME, "u grows, faster as v grows",
                       "for eta >= (4 + eps)/lambda0, u grows and the increase of lambda "
                       "accelerates the growth",
                       "sqrt(kappa) = |1 - v + u + w| >= v - 1 - u - |w| > 1 (increasing in v): "
                       + pr.summary(box) + "; with v nondecreasing (previous step) u(t) grows "
                       "geometrically until u ~ 1", LOC))
    from nqm_theory.sharp.invariants import consequences
    c2 = all(c.holds for c in consequences() if c.label in ("C2", "C2b"))
    out.append(verdict(c2, NAME, "no convergence at or above v0 = 4 + w0 (Theorem U)",
                       "GD diverges for eta >= (4 + eps)/lambda0",
                       "D = v - 4 - w has D' = (1 + u + w) D (C2) with 1 + u + w >= 1 - k/4 > 0 "
                       "for k = C^2/m < 4 (C2b), so D >= 0 forever; u -> 0 would force w -> 0, "
                       "v -> >= 4 and |s| > 2, a contradiction unless u hits 0 exactly; for y = 0 "
                       "v is non-decreasing, D grows by (1 + u), v -> inf and the loss is "
                       "unbounded (nqm_theory.sharp.regimes)", LOC,
                       truth="for eta lam0 >= 8/(1 + sqrt(1 - 16 gw)) = 4 + w0 + O(1/m^2) the "
                             "loss does not tend to 0 (except by landing exactly on u = 0); for "
                             "y = 0 it is unbounded; eps of order 1/m suffices"))
    diverged = _runs()
    out.append(StepResult(NAME, "GD diverges (exact map)", "EVIDENCE" if diverged[0] == diverged[1]
                          else "FAIL", "GD diverges for eta >= (4 + eps)/lambda0",
                          "for y != 0 the unboundedness (not only non-convergence) is not proven; "
                          "no counterexample found",
                          f"{diverged[0]}/{diverged[1]} exact-map runs (float64; m in [1e2, 1e10]; "
                          "v0 in {4 + log(m)/sqrt(m), 4.1, 4.5, 6, 8} with v0 >= 4 + log(m)/sqrt(m), "
                          "i.e. C_eps = 1; u0 = 1/m; w0 = s sqrt(u0/m), s in {0, +-1}, i.e. C in "
                          "{0, 1}) exceed loss 1e100. Convergence above 4 does occur, e.g. m = "
                          "100, v0 = 4.01, C = 1, w0 > 0, but only below the exact edge 4 + w0 "
                          "(`nqm-theory edges`), so a margin of order 1/m suffices", LOC))
    return out


def _runs():
    import math
    ok = total = 0
    for m in (1e2, 1e4, 1e6, 1e10):
        eps = math.log(m) / math.sqrt(m)
        for v0 in [x for x in (4 + eps, 4.1, 4.5, 6.0, 8.0) if x >= 4 + eps]:
            for sign in (0, 1, -1):
                u0 = 1.0 / m
                st, div = (u0, v0, sign * math.sqrt(u0 / m)), False
                for _ in range(100000):
                    st = uvw_step(*st)
                    if not math.isfinite(st[0]) or st[0] > 1e100:
                        div = True
                        break
                ok += div
                total += 1
    return ok, total
