"""Invariants of any polynomial :class:`~nqm_theory.maps.CompiledMap`, found by exact linear algebra.

A *Darboux polynomial* of a map F is a polynomial P with ``P(F(x)) = Q(x) P(x)`` for a
polynomial cofactor Q; Q = 1 makes P a conserved quantity, and two Darboux polynomials
with the same cofactor give the rational first integral P1/P2.  :func:`search_invariants`
finds them up to a degree bound, over the rationals (parameters of the map specialised to
rational values):

1. **affine P, complete.**  Every P = b + a.x (any cofactor) is found by solving the
   polynomial system "P(F) vanishes on the hyperplane P = 0" exactly (SymPy), one branch
   per leading variable;
2. **degree <= D, cofactor ansatz.**  For a cofactor ``Q = c Q0`` with Q0 a product of
   irreducible factors of det(dF/dx), of the components of F and of the cofactors found in
   step 1 (total degree <= (deg F - 1) D), every rational c with
   ``ker(T - c M_Q0) != 0`` is found from the characteristic polynomial of a random
   square projection of the pencil, and the kernel is computed exactly
   (:mod:`nqm_theory.sharp.polys`).  This is the ansatz of Celledoni et al. (2019),
   extended by step 1; it is exhaustive for birational maps, not in general, which
   :attr:`InvariantSearch.complete` states.

Every reported pair (P, Q) is re-checked by exact polynomial arithmetic
(``P(F) - Q P == 0`` in FLINT) before it is returned.

References
----------
E. Celledoni, C. Evripidou, D. I. McLaren, B. Owren, G. R. W. Quispel, B. K. Tapley,
P. H. van der Kamp, "Using discrete Darboux polynomials to detect and determine preserved
measures and integrals of rational maps", J. Phys. A 52 (2019) 31LT01.

Examples
--------
A linear map that rotates by a rational angle conserves ``x^2 + y^2``:

>>> import sympy as sp
>>> from nqm_theory.maps import compile_map
>>> x, y = sp.symbols("x y")
>>> rot = compile_map((x, y), (), (sp.Rational(3, 5) * x - sp.Rational(4, 5) * y,
...                                sp.Rational(4, 5) * x + sp.Rational(3, 5) * y), jit=False)
>>> res = search_invariants(rot, degree=2)
>>> [str(p) for p in res.first_integrals]
['x**2 + y**2']
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from .._validate import NQMValueError, check_int
from .affine import DarbouxFamily, affine_darboux
from .polys import coefficient_matrix, context, from_sympy, monomials, nullspace, to_sympy

__all__ = ["search_invariants", "InvariantSearch", "DarbouxFamily"]


@dataclass(frozen=True)
class InvariantSearch:
    """Result of :func:`search_invariants` (all polynomials are SymPy expressions).

    Attributes
    ----------
    map_name : str
    state : tuple of sympy.Symbol
    params : dict
        The rational values the map's parameters were specialised to.
    degree : int
        Degree bound D of the ansatz search.
    affine : tuple of DarbouxFamily
        Step 1 (complete): the affine Darboux polynomials, by cofactor.
    families : tuple of DarbouxFamily
        Step 2: every family of degree <= D with a cofactor of the ansatz.
    first_integrals : tuple of sympy.Expr
        Conserved polynomials (cofactor 1) and ratios P1/P2 of two independent members of
        one family (rational first integrals).
    factors : tuple of sympy.Expr
        The irreducible factors the cofactor ansatz was built from.
    complete : str
        What the search is complete for.
    seconds : float
    """

    map_name: str
    state: tuple
    params: dict
    degree: int
    affine: tuple
    families: tuple
    first_integrals: tuple
    factors: tuple
    complete: str
    seconds: float

    def summary(self) -> str:
        """One line per family: ``cofactor: basis``."""
        lines = [f"{self.map_name}: degree <= {self.degree} ({self.seconds:.1f} s)"]
        for fam in self.families:
            lines.append(f"  Q = {fam.cofactor}: {', '.join(map(str, fam.basis))}")
        return "\n".join(lines)


def _param_values(cmap, params) -> dict:
    import sympy as sp
    if not cmap.params:
        return {}
    if params is None:
        raise NQMValueError(f"`params` must give rational values for {[p.name for p in cmap.params]}"
                            " (the search runs over the rationals)")
    vals = cmap.param_values(params)
    return {p: sp.Rational(str(v)) if isinstance(v, str) else sp.nsimplify(v, rational=True)
            for p, v in zip(cmap.params, vals)}


def search_invariants(cmap, degree: int = 3, *, params=None, max_exponent=None,
                      extra_factors=()) -> InvariantSearch:
    """Darboux polynomials and first integrals of ``cmap`` up to ``degree`` (module doc).

    Parameters
    ----------
    cmap : CompiledMap
        A polynomial map (``cmap.polynomial``).
    degree : int, default 3
        Degree bound D of P in the ansatz search (1 <= D <= 8).
    params : sequence or dict, optional
        Rational values of the map's parameters (required when it has any).
    max_exponent : int, optional
        Largest exponent of one factor in a cofactor of the ansatz (default: any exponent
        the cofactor degree bound allows).
    extra_factors : sequence of sympy.Expr
        More factors for the cofactor ansatz.

    Returns
    -------
    InvariantSearch
    """
    import sympy as sp
    t0 = time.perf_counter()
    degree = check_int("degree", degree, ge=1, le=8)
    if not cmap.polynomial:
        raise NQMValueError(f"map {cmap.name!r} is rational, not polynomial, in the state: the "
                            "search needs a polynomial map")
    values = _param_values(cmap, params)
    state = cmap.state
    update = [sp.expand(e.xreplace(values)) for e in cmap.update]
    ctx, gens = context(state)
    F = [from_sympy(e, state, ctx) for e in update]
    affine = affine_darboux(state, update)
    factors = _factor_set(state, update, ctx, [f.cofactor for f in affine] + list(extra_factors))
    dF = max(sp.Poly(e, *state).total_degree() for e in update)
    max_deg = max(dF - 1, 1) * degree
    fams = _ansatz_families(state, ctx, F, degree, factors, max_deg,
                            max_deg if max_exponent is None else max_exponent)
    fi = _first_integrals(fams)
    complete = (f"complete for affine P (any cofactor); for degree <= {degree}, complete for "
                f"cofactors c * prod f_i^e_i, c rational, f_i among the {len(factors)} "
                f"factors listed, total degree <= {max_deg}"
                + ("" if max_exponent is None else f", e_i <= {max_exponent}"))
    return InvariantSearch(cmap.name, state, {str(k): str(v) for k, v in values.items()},
                           degree, tuple(affine), tuple(fams), tuple(fi),
                           tuple(to_sympy(f, state) for f in factors), complete,
                           time.perf_counter() - t0)


def _factor_set(state, update, ctx, extra):
    """Irreducible non-constant factors of det(dF/dx), of each F_i and of ``extra``."""
    import sympy as sp
    J = sp.Matrix(update).jacobian(sp.Matrix(state))
    polys = [from_sympy(sp.expand(J.det()), state, ctx)]
    polys += [from_sympy(e, state, ctx) for e in update]
    polys += [from_sympy(sp.expand(e), state, ctx) for e in extra]
    out = []
    for p in polys:
        if p.is_zero() or p.is_constant():
            continue
        for f, _ in p.factor()[1]:
            f = f * (1 / f.leading_coefficient())
            if not f.is_constant() and all(f != g for g in out):
                out.append(f)
    return out


def _ansatz_families(state, ctx, F, D, factors, max_deg, max_exp):
    """Families of degree <= D for every cofactor c * prod f^e of the ansatz."""
    mons = monomials(len(state), D)
    basis = [_monomial(ctx, e) for e in mons]
    dF = max(f.total_degree() for f in F)
    rows = {e: i for i, e in enumerate(monomials(len(state), max(dF * D, max_deg + D)))}
    Tm = coefficient_matrix([b.compose(*F) for b in basis], rows)
    T = [[Tm[i, j] for j in range(Tm.ncols())] for i in range(Tm.nrows())]
    degs = [f.total_degree() for f in factors]
    seen, fams = set(), []
    for exps in _exponents(degs, max_deg, max_exp):
        Q0 = _monomial(ctx, (0,) * len(state))
        for f, e in zip(factors, exps):
            Q0 = Q0 * f ** e
        for c, Ps in _pencil(T, Q0, mons, rows, basis, F):
            Q = Q0 * c
            if str(Q) in seen or not Ps:
                continue
            seen.add(str(Q))
            for P in Ps:  # exact re-check of P(F) = Q P
                if P.compose(*F) - Q * P != 0:
                    raise AssertionError(f"Darboux check failed for {P} with cofactor {Q}")
            fams.append(DarbouxFamily(_factored(Q, state),
                                      tuple(to_sympy(P, state) for P in Ps)))
    fams.sort(key=lambda f: (len(str(f.cofactor)), str(f.cofactor)))
    return fams


def _pencil(T, Q0, mons, rows, basis, F):
    """``(c, Darboux polynomials with cofactor c Q0)`` for every rational c that works.

    On the rows LM(Q0) x^a (one per column a) the multiplication matrix B of Q0 is
    triangular, hence invertible, so every c with ``ker(T - c B) != 0`` is an eigenvalue of
    ``B_s^-1 T_s`` (s: those rows).  A one-dimensional eigenspace is checked directly on
    the polynomial; a larger one by the exact nullspace of the full pencil.
    """
    from flint import fmpq_mat
    n = len(mons)
    key = {_code(e): i for i, e in enumerate(mons)}
    terms = [(_code(m), c) for m, c in Q0.to_dict().items()]
    lm = _code(Q0.monoms()[0])
    entries = [[0] * n for _ in range(n)]
    for a, ea in enumerate(mons):      # column a: Q0 x^a = sum_q c_q x^(q + e_a)
        ca = _code(ea)
        for qm, coeff in terms:
            i = key.get(qm + ca - lm)
            if i is not None:
                entries[i][a] = coeff
    Bs = fmpq_mat(n, n, [x for row in entries for x in row])
    Ts = fmpq_mat(n, n, [x for e in mons for x in T[rows[tuple(a + b for a, b in zip(
        Q0.monoms()[0], e))]]])
    roots = sorted({r for r, _ in (Bs.inv() * Ts).charpoly().roots() if r != 0},
                   key=lambda q: (abs(q), q))
    out = []
    for c in roots:
        eig = nullspace(Ts - Bs * c)
        if len(eig) == 1:
            P = _poly(eig[0], basis)
            out.append((c, [P] if P.compose(*F) == Q0 * c * P else []))
            continue
        B = coefficient_matrix([Q0 * b for b in basis], rows)
        Tm = fmpq_mat(len(T), n, [x for row in T for x in row])
        out.append((c, _canonical(nullspace(Tm - B * c), basis)))
    return out


def _code(e) -> int:
    """An exponent vector as one integer (base 64; degrees here are far below 32)."""
    out = 0
    for k in reversed(tuple(e)):
        out = out * 64 + int(k)
    return out


def _poly(vec, basis):
    """sum vec_a x^a, scaled to coprime integer coefficients with a positive leading one."""
    from math import lcm
    P = basis[0] * 0
    for q, b in zip(vec, basis):
        if q != 0:
            P = P + b * q
    P = P * (1 / P.leading_coefficient())
    return P * lcm(*(int(q.q) for q in P.coeffs()))


def _exponents(degs, budget, max_exp):
    """Every exponent vector e (e_i <= max_exp) with sum e_i degs_i <= budget."""
    if not degs:
        yield ()
        return
    for e in range(min(max_exp, budget // degs[0]) + 1):
        for rest in _exponents(degs[1:], budget - e * degs[0], max_exp):
            yield (e,) + rest


def _monomial(ctx, e):
    return ctx.from_dict({tuple(e): 1})


def _factored(Q, state):
    import sympy as sp
    return sp.factor(to_sympy(Q, state))


def _canonical(kernel, basis) -> list:
    """The kernel's row-reduced basis as polynomials (see :func:`_poly`)."""
    from flint import fmpq_mat
    if not kernel:
        return []
    R, rank = fmpq_mat(len(kernel), len(basis), [q for vec in kernel for q in vec]).rref()
    return [_poly([R[i, j] for j in range(len(basis))], basis) for i in range(int(rank))]


def _first_integrals(fams) -> list:
    """Conserved polynomials and ratios of two members of one family (each ratio once)."""
    import sympy as sp
    out = []
    for fam in fams:
        if fam.cofactor == 1:
            cands = [b for b in fam.basis if not b.is_number]
        else:
            cands = [sp.cancel(b / fam.basis[0]) for b in fam.basis[1:]]
        out += [c for c in cands if all(sp.simplify(c - o) != 0 for o in out)]
    return out
