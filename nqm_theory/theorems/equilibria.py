"""Theorem 2: equilibria of the (u, v, w) map and their stability (docs/theory.md §4).

Exact fixed-point set of the derived map (SymPy ``solve`` on
``derive_one_example().uvw_map``): the line ``(0, v*, 0)``, the line ``(q, 0, -q)``, the line
``(4, 4 + q, q)`` and the point ``(2, 4, 0)``.  On the invariant ``w^2 = (C^2/m) u`` the last
three are g = 0 with lam = 0 (``q = C^2/m``), ``w = +-2C/sqrt(m)`` and (y = 0 only) the point.
The Jacobian at ``(0, v*, 0)`` has eigenvalues ``1, 1 - v*, (1 - v*)^2`` (the paper lists
only ``1`` and ``(1 - v*)^2``; the missing ``1 - v*`` is the w-direction, with the same
stability range ``0 < v* < 2``).  The paper's second family ``|1 - v + u + w| = 1``,
``u(4 - v) + 4w = 0`` also contains points that are not fixed: with the minus sign
(``1 - v + u + w = -1``) and ``w != 0`` the step flips w, e.g. ``(1, 8/3, -1/3) ->
(1, 8/3, 1/3)``.

Examples
--------
>>> from nqm_theory.theorems.equilibria import Theorem2
>>> Theorem2().check().status.value
'holds-corrected'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction as F

from ._base import CaseResult, Claim, Outcome
from ._runs import step_function

__all__ = ["Theorem2", "PointCase", "exact_fixed_points"]


@dataclass(frozen=True)
class PointCase:
    """A state (u, v, w) (Fractions) and its family: 'line0', 'lineB', 'lineC', 'point',
    'paper-only' (satisfies the paper's equations but is not in the exact set)."""

    family: str
    point: tuple
    supports_mp: bool = False
    map: object = field(default=None, compare=False, repr=False)

    def describe(self) -> dict:
        return {"family": self.family, "point": [str(x) for x in self.point]}


def exact_fixed_points():
    """SymPy solutions of ``next_state == state`` for the derived map (list of dicts)."""
    import sympy as sp

    from ..symbolic.derive import derive_one_example
    D = derive_one_example().uvw_map
    eqs = [n - s for n, s in zip(D.next_state, D.state)]
    return sp.solve(eqs, list(D.state), dict=True)


def _in_exact_set(p) -> bool:
    u, v, w = p
    return (u == 0 and w == 0) or (v == 0 and w == -u) or (u == 4 and w == v - 4) or \
        (u, v, w) == (2, 4, 0)


def _in_paper_set(p) -> bool:
    u, v, w = p
    return (u == 0 and w == 0) or (abs(1 - v + u + w) == 1 and u * (4 - v) + 4 * w == 0)


def _eigs(p, cmap):
    import sympy as sp

    from ..core.iterate import default_map
    D = default_map() if cmap is None else cmap
    vals = [sp.Rational(x.numerator, x.denominator) for x in p]
    J = D.jacobian().subs(dict(zip(D.state, vals)))
    return [complex(sp.N(e, 30)) for e, mult in J.eigenvals().items() for _ in range(mult)]


@dataclass(frozen=True)
class Theorem2(Claim):
    name = "Theorem 2"
    statement = ("fixed points: u* = 0 with any v*, or |1 - v* + u* + w*| = 1 with "
                 "u*(4 - v*) + 4 w* = 0; at u* = 0 the Jacobian has eigenvalues 1 and "
                 "(1 - v*)^2, so the stable equilibria have g = y and 0 < v* < 2; the second "
                 "family is unstable")
    corrected_statement = ("fixed points: (0, v*, 0), (q, 0, -q), (4, 4 + q, q), (2, 4, 0) "
                           "(the paper's |.| = 1 family also contains non-fixed points, e.g. "
                           "(1, 8/3, -1/3) -> (1, 8/3, 1/3)); at (0, v*, 0) the eigenvalues "
                           "are 1, 1 - v*, "
                           "(1 - v*)^2: linearly stable (transversally) iff 0 < v* < 2; every "
                           "other fixed point has an eigenvalue of modulus > 1")
    version = "docs/theory.md §4 Theorem 2 vs SymPy on derive_one_example().uvw_map (exact)"

    def cases(self, widths=None):
        half, third = F(1, 2), F(1, 3)
        pts = [PointCase("line0", (F(0), v, F(0))) for v in
               (F(0), half, F(1), F(3, 2), F(199, 100), F(2), F(3), F(5))]
        pts += [PointCase("lineB", (q, F(0), -q)) for q in (F(1, 100), F(1, 4), F(1), F(3))]
        pts += [PointCase("lineC", (F(4), 4 + q, q)) for q in (F(-1), F(0), third, F(2))]
        pts += [PointCase("point", (F(2), F(4), F(0))),
                PointCase("paper-only", (F(1), F(8, 3), -third))]
        return pts

    def evaluate(self, case, precision="exact"):
        step = step_function("exact", case.map)
        p = case.point
        img = step(*p)
        dist = max(abs(a - b) for a, b in zip(img, p))
        fixed = dist == 0
        o_fix_exact = Outcome(1.0 if fixed == _in_exact_set(p) else -1.0, 0, float(dist),
                              0.0, "fixed under the step iff in the exact set")
        o_fix_paper = Outcome(1.0 if fixed == _in_paper_set(p) else -1.0, 0, float(dist),
                              0.0, "fixed under the step iff in the paper's set")
        if not fixed:
            return CaseResult(o_fix_paper, o_fix_exact, "exact")
        eig = _eigs(p, case.map)
        rho = max(abs(e) for e in eig)
        if case.family == "line0":
            v = float(p[1])
            exact = sorted([1.0, 1 - v, (1 - v) ** 2])
            got = sorted(e.real for e in eig)
            err = max(abs(a - b) for a, b in zip(exact, got))
            paper_ok = all(min(abs(g - t) for t in (1.0, (1 - v) ** 2)) < 1e-20 for g in got)
            trans = max(abs(1 - v), (1 - v) ** 2)
            stable_ok = (trans < 1) == (0 < v < 2)
            o_e = Outcome(1.0 if err < 1e-20 and stable_ok else -1.0, 0, err, 0.0,
                          "eigenvalues {1, 1-v, (1-v)^2}; stable iff 0<v<2")
            o_p = Outcome(1.0 if paper_ok and stable_ok else -1.0, 0, trans, 1.0,
                          "eigenvalues {1, (1-v)^2}")
            return CaseResult(min(o_p, o_fix_paper, key=_m), min(o_e, o_fix_exact, key=_m),
                              "exact")
        o_u = Outcome(rho - 1.0, 0, rho, 1.0, "spectral radius > 1 (unstable)")
        return CaseResult(min(o_u, o_fix_paper, key=_m), min(o_u, o_fix_exact, key=_m), "exact")


def _m(o):
    return o.margin if not math.isnan(o.margin) else -math.inf
