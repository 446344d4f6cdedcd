"""Exact polynomial linear algebra over the rationals for the invariant search (FLINT).

The invariant search (:mod:`nqm_theory.sharp.darboux`) writes an unknown polynomial
``P = sum_a p_a x^a`` of bounded degree and turns ``P(F(x)) = Q(x) P(x)`` into linear
equations on the coefficients ``p_a``.  This module holds the pieces: the map's components
as FLINT ``fmpq_mpoly`` (parameters specialised to rationals), the monomial basis, the
coefficient matrix of a list of polynomials, and exact nullspaces (FLINT's ``fmpq_mat``
row reduction, measured much faster than SymPy's rational ``Matrix.nullspace``: see
``benchmarks/bench_sharp.py``).

Examples
--------
>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> ctx, (X, Y) = context((x, y))
>>> monomials(2, 1)
[(0, 0), (1, 0), (0, 1)]
>>> to_sympy(from_sympy(x * y - sp.Rational(1, 2), (x, y), ctx), (x, y))
x*y - 1/2
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement

__all__ = ["context", "from_sympy", "to_sympy", "monomials", "coefficient_matrix",
           "nullspace", "rational"]


def context(state):
    """A FLINT polynomial ring over Q in the state symbols: ``(ctx, generators)``."""
    from flint import fmpq_mpoly_ctx
    ctx = fmpq_mpoly_ctx.get(tuple(s.name for s in state), "deglex")
    return ctx, ctx.gens()


def rational(value) -> Fraction:
    """A SymPy / Python number as an exact ``Fraction`` (refuses anything irrational)."""
    import sympy as sp
    q = sp.nsimplify(value, rational=False) if not isinstance(value, (int, Fraction)) else value
    if isinstance(q, (int, Fraction)):
        return Fraction(q)
    if not q.is_Rational:
        from .._validate import NQMValueError
        raise NQMValueError(f"coefficient {value} is not rational: specialise the map's "
                            "parameters to rational values (`params=`)")
    return Fraction(int(q.p), int(q.q))


def from_sympy(expr, state, ctx, values=None):
    """``expr`` (a polynomial in ``state``) as an ``fmpq_mpoly``; ``values`` substitutes
    parameters ``{symbol: rational}`` first.  Non-rational coefficients are refused."""
    import sympy as sp
    from flint import fmpq
    e = sp.expand(expr.xreplace(values) if values else expr)
    poly = sp.Poly(e, *state)
    terms = {}
    for mono, coeff in poly.terms():
        q = rational(coeff)
        terms[tuple(int(k) for k in mono)] = fmpq(q.numerator, q.denominator)
    return ctx.from_dict(terms) if terms else ctx.from_dict({})


def to_sympy(poly, state):
    """An ``fmpq_mpoly`` as a SymPy expression in ``state``."""
    import sympy as sp
    out = sp.Integer(0)
    for mono, coeff in poly.to_dict().items():
        term = sp.Rational(int(coeff.p), int(coeff.q))
        for s, k in zip(state, mono):
            term *= s ** int(k)
        out += term
    return out


def monomials(n: int, degree: int) -> list:
    """Exponent tuples of the monomials of total degree <= ``degree`` in ``n`` variables,
    by increasing degree."""
    out = []
    for d in range(degree + 1):
        for combo in combinations_with_replacement(range(n), d):
            e = [0] * n
            for i in combo:
                e[i] += 1
            out.append(tuple(e))
    return out


def coefficient_matrix(polys, rows: dict):
    """``fmpq_mat`` whose column j holds the coefficients of ``polys[j]``; ``rows`` maps an
    exponent tuple to its row (it is extended with any monomial not yet present)."""
    from flint import fmpq_mat
    cols = [[(tuple(int(k) for k in mono), coeff) for mono, coeff in p.to_dict().items()]
            for p in polys]
    for c in cols:
        for mono, _ in c:
            rows.setdefault(mono, len(rows))
    mat = fmpq_mat(len(rows), len(cols))
    for j, c in enumerate(cols):
        for mono, coeff in c:
            mat[rows[mono], j] = coeff
    return mat


def nullspace(mat) -> list:
    """A basis (list of lists of ``fmpq``) of ``{x : mat x = 0}``, exact (FLINT ``rref``)."""
    from flint import fmpq
    nc = mat.ncols()
    if nc == 0:
        return []
    R, rank = mat.rref()
    pivots, col = [], 0
    for i in range(int(rank)):
        while R[i, col] == 0:
            col += 1
        pivots.append(col)
    free = [j for j in range(nc) if j not in pivots]
    out = []
    for f in free:
        vec = [fmpq(0)] * nc
        vec[f] = fmpq(1)
        for i, pc in enumerate(pivots):
            vec[pc] = -R[i, f]
        out.append(vec)
    return out
