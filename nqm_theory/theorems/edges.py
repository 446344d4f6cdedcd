"""The exact window edges as a claim (docs/theory.md §4; :mod:`nqm_theory.sharp.edges`).

The paper's windows use margins eps = Theta(log m / sqrt m).  This claim checks the sharp
statement that replaces them, in the claims' parametrisation (eta fixed, lam0 = v0/eta,
so u(0) and w(0) do not depend on v0):

* onset of the catapult at v_L = 2 + u0 + w0 (s(0) = -1) when u0 + w0 >= 0, else at the
  root of s(0) s(1) = 1: monotone just below, catapult just above;
* end of convergence at v_U = 4 + w0 (D = v - 4 - w = 0): catapult just below, not
  convergent (divergent) just above.

Each case is v0 = edge * (1 -+ 1e-6) (float64 resolves that offset at every width).

Examples
--------
>>> ExactEdges().check(widths=[1e4]).status.value
'holds'
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from ._base import CaseResult, Claim, Hypotheses, Outcome
from ._runs import LABELS, Case, trajectory

__all__ = ["ExactEdges", "edge_values"]

#: Relative offset of the checked rates from each edge.
OFFSET = 1e-6


def edge_values(case: Case):
    """(v_L, v_U) for ``case``'s (m, g0, y, |x|^2/d, eta) with eta fixed."""
    from ..sharp.edges import _two_step_root
    u0, _, w0, _ = case.problem.convert(Fraction).initial_state()
    if u0 + w0 >= 0:
        lower = 2 + u0 + w0
    else:
        def row(v0):
            return (Fraction(case.m), v0, v0 / Fraction(case.eta), Fraction(case.g0),
                    Fraction(case.y), Fraction(case.x2d))
        root = _two_step_root(row)
        lower = None if root is None else Fraction(str(root))
    return lower, 4 + w0


@dataclass(frozen=True)
class ExactEdges(Claim):
    """Regimes just inside and outside the exact edges v_L and v_U = 4 + w(0)."""

    name = "exact window edges"
    statement = ("monotone for eta*lam0 just below v_L and catapult just above, v_L = 2 + "
                 "u(0) + w(0) (s(0) = -1; root of s(0) s(1) = 1 when u(0) + w(0) < 0); "
                 "catapult just below v_U = 4 + w(0) and divergent just above (Theorem U); "
                 "checked at edge * (1 -+ 1e-6), eta fixed")
    version = "exact edges replacing the eps = Theta(log m / sqrt m) margins of §4"

    def cases(self, widths):
        out = []
        for m in widths:
            if m > 1e8:            # the monotone side near s = -1 needs ~m steps
                continue
            for g0, y, x2d, eta in LABELS:
                base = Case(float(m), 3.0, g0, y, x2d, eta)
                lo, hi = edge_values(base)
                for edge, side in ((lo, -1), (lo, 1), (hi, -1), (hi, 1)):
                    if edge is not None:
                        out.append(replace(base, v0=float(edge) * (1 + side * OFFSET)))
        return out

    def hypotheses(self, case):
        ok = case.realizable and case.C_u > 0 and case.k < 4
        return Hypotheses(ok, () if ok else ("not realizable, g0 = y or C^2/m >= 4",))

    def predictions(self, case):
        lo, hi = edge_values(case)
        v = case.v0
        if lo is not None and abs(v / float(lo) - 1) < 2 * OFFSET:
            return {"regime": "monotone" if v < lo else "catapult"}
        return {"regime": "catapult" if v < hi else "divergent"}

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        exp = self.predictions(case)["regime"]
        ok = run.regime == exp
        o = Outcome(1.0 if ok else -1.0, len(run.u) - 1, float(max(run.loss) / run.loss[0]),
                    1.0, f"regime {run.regime} (expected {exp}); measured = peak/L(0)")
        return CaseResult(o, None, run.precision)
