"""docs/theory.md §3: the change of variables to (u, v, w), the invariant and initial sizes."""
from __future__ import annotations

import sympy as sp

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.symbols import c, eta, m, u, v, w, x2d, y

from ._core import StepResult, verdict
from .dynamics import compare

NAME = "uvw"
LOC = "docs/theory.md §3, (u, v, w) map"
Cs = sp.Symbol("C", positive=True)

PAPER = {
    "u(t+1)": (1 - v + u + w)**2 * u,
    "v(t+1)": v - u * (4 - v) - 4 * w,
    "w(t+1)": (1 - v + u + w) * w,
}


def check():
    D = derive_one_example()
    out = []
    for (name, printed), derived in zip(PAPER.items(), D.uvw_map.next_state):
        res = compare(name, printed, derived)
        out.append(StepResult(NAME, res.step, res.status, res.claim, res.truth, res.evidence, LOC))
    # w^2 = (C^2/m) u with C = eta |x| |y| / sqrt(d):  c eta^2 y^2 == C^2/m.
    C2 = eta**2 * x2d * y**2            # C^2 = eta^2 (|x|^2/d) y^2
    ok = sp.simplify((c * eta**2 * y**2).subs(c, x2d / m) - C2 / m) == 0
    out.append(verdict(ok, NAME, "invariant constant",
                       "w^2 = (C^2/m) u with C = eta |x| |y| / sqrt(d)",
                       "SymPy: w^2 - c eta^2 y^2 u == 0 identically (derive step 'Invariant') "
                       "and c eta^2 y^2 == C^2/m with c = |x|^2/(m d)", LOC))
    un, vn, wn = D.uvw_map.next_state
    pres = sp.factor(sp.expand(wn**2 - Cs**2 / m * un))
    ok = sp.simplify(pres - (1 - v + u + w)**2 * (w**2 - Cs**2 / m * u)) == 0
    out.append(verdict(ok, NAME, "invariant preserved by the map",
                       "w(t)^2 = (C^2/m) u(t) for every t",
                       "SymPy: w'^2 - (C^2/m) u' == (1 - v + u + w)^2 (w^2 - (C^2/m) u)", LOC))
    r0 = sp.Symbol("r0", real=True)
    u0 = (c * eta**2 * r0**2).subs(c, x2d / m)
    w0 = (c * eta**2 * r0 * y).subs(c, x2d / m)
    ok = sp.limit(u0 * m, m, sp.oo) == eta**2 * x2d * r0**2 and \
        sp.limit(w0 * m, m, sp.oo) == eta**2 * x2d * r0 * y
    out.append(verdict(ok, NAME, "initial sizes", "u(0) = O(1/m) and w(0) = O(1/m)",
                       "SymPy: m u(0) = eta^2 (|x|^2/d) r0^2 and m w(0) = eta^2 (|x|^2/d) r0 y "
                       "are m-free (r0 = g(0) - y = O(1) by the assumptions of §2)",
                       "docs/theory.md §3, last two bullets"))
    return out
