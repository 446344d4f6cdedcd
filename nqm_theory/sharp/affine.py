"""Every affine Darboux polynomial of a polynomial map, with any cofactor (complete, exact).

An affine ``P = b + a . x`` is a Darboux polynomial of F iff P(F(x)) vanishes on the
hyperplane P = 0.  Branch on the last variable x_i with a_i != 0 and scale a_i = 1
(a_j = 0 for j > i): on the hyperplane x_i = -(b + sum_{j<i} a_j x_j), and P(F) restricted
to it must be the zero polynomial in the other variables.  Its coefficients are polynomial
equations in the unknowns (b, a_0, ..., a_{i-1}), solved exactly by SymPy; the cofactor is
then the exact quotient P(F)/P.  Positive-dimensional solution sets are reported as
families with free symbols.

Examples
--------
>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> fams = affine_darboux((x, y), (2 * x, x + y ** 2))
>>> [(str(f.cofactor), [str(b) for b in f.basis]) for f in fams]
[('2', ['x'])]
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["affine_darboux", "DarbouxFamily"]


@dataclass(frozen=True)
class DarbouxFamily:
    """All Darboux polynomials (of a degree bound) with one cofactor.

    Attributes
    ----------
    cofactor : sympy.Expr
        Q, with ``P(F(x)) = Q(x) P(x)`` for every P in the span of ``basis``.
    basis : tuple of sympy.Expr
        A basis of that (vector) space of polynomials.
    """

    cofactor: object
    basis: tuple


def affine_darboux(state, update) -> list:
    """All affine Darboux polynomials of ``x -> update(x)`` (rational coefficients), grouped
    by cofactor, as :class:`DarbouxFamily` objects."""
    import sympy as sp
    n = len(state)
    found = {}
    for i in range(n - 1, -1, -1):
        unknowns = sp.symbols(f"_b _a0:{i}") if i else (sp.Symbol("_b"),)
        b, a = unknowns[0], unknowns[1:]
        P = b + sum(a[j] * state[j] for j in range(i)) + state[i]
        on_plane = {state[i]: -(b + sum(a[j] * state[j] for j in range(i)))}
        PF = P.xreplace(dict(zip(state, update)))
        rest = [s for k, s in enumerate(state) if k != i]
        restricted = sp.expand(PF.xreplace(on_plane))
        eqs = sp.Poly(restricted, *rest).coeffs() if rest else [restricted]
        eqs = [e for e in eqs if e != 0]
        sols = sp.solve(eqs, unknowns, dict=True) if eqs else [{}]
        for sol in sols:
            Ps = sp.expand(P.xreplace(sol))
            if any(not v.is_real for v in sol.values() if v.is_number):
                continue
            if Ps.free_symbols - set(state):  # a family: keep its free unknowns as symbols
                Ps = Ps.xreplace({u: sp.Symbol(u.name.lstrip("_")) for u in unknowns})
            if any(not c.is_rational for c in sp.Poly(Ps, *state).coeffs() if c.is_number):
                continue
            Q, r = sp.div(sp.expand(Ps.xreplace(dict(zip(state, update)))), Ps, *state)
            if sp.expand(r) != 0:
                raise AssertionError(f"affine Darboux check failed for {Ps}")
            found.setdefault(sp.expand(Q), []).append(Ps)
    return [DarbouxFamily(q, tuple(ps)) for q, ps in
            sorted(found.items(), key=lambda kv: (len(str(kv[0])), str(kv[0])))]
