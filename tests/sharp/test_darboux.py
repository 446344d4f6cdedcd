"""The invariant search against maps whose Darboux polynomials are known independently.

Known answers: a rotation by a rational angle conserves x^2 + y^2 (and nothing else of
degree <= 2); for the uv model, GD on u, v multiplies S^2 - T^2 (S = |u|^2 + |v|^2,
T = 2 u.v) by (1 - a^2)^2 with a = eta r / sqrt(m), i.e. m lam^2 - 4 f^2 has cofactor
(1 - eta^2 r^2/m)^2, and r = f - y has cofactor 1 - eta lam + eta^2 r f/m (docs/theory.md §6).
For the one-example map, every family found must be the span of the products of the four
irreducible Darboux polynomials u, w, D = v - 4 - w, P3 = u v^2 - 4(u + w)^2, built here
by SymPy independently of the search.
"""
from itertools import product

import pytest
import sympy as sp

from nqm_theory.maps import compile_map
from nqm_theory.maps.examples import uv_model
from nqm_theory.sharp.darboux import search_invariants
from nqm_theory.symbolic.maps import direction_map, one_example_map


def _same_cofactor(a, b):
    return sp.expand(a - b) == 0


def _family(res, cofactor):
    fams = [f for f in res.families if _same_cofactor(f.cofactor, cofactor)]
    assert len(fams) <= 1
    return fams[0] if fams else None


def _span_rank(polys, state):
    if not polys:
        return 0
    mons = sorted({m for p in polys for m in sp.Poly(p, *state).monoms()})
    rows = [[sp.Poly(p, *state).coeff_monomial(m) for m in mons] for p in polys]
    return sp.Matrix(rows).rank()


def test_rotation_conserves_the_circle_and_nothing_else():
    x, y = sp.symbols("x y")
    c, s = sp.Rational(3, 5), sp.Rational(4, 5)
    rot = compile_map((x, y), (), (c * x - s * y, s * x + c * y), jit=False)
    res = search_invariants(rot, degree=2)
    assert [sp.expand(p) for p in res.first_integrals] == [x**2 + y**2]
    fam = _family(res, sp.Integer(1))
    assert _span_rank(list(fam.basis) + [sp.Integer(1), x**2 + y**2], (x, y)) == 2


def test_uv_model_known_darboux_polynomials():
    eta, m, yv = sp.Rational(5, 2), sp.Integer(7), sp.Rational(1, 3)
    res = search_invariants(uv_model(jit=False), degree=2, params={"eta": eta, "m": m,
                                                                    "y": yv})
    f, lam = uv_model(jit=False).state
    r = f - yv
    fam = _family(res, (1 - eta**2 * r**2 / m)**2)
    assert fam is not None and len(fam.basis) == 1
    assert sp.simplify(fam.basis[0] / (m * lam**2 - 4 * f**2)).is_number
    fam = _family(res, 1 - eta * lam + eta**2 * r * f / m)
    assert fam is not None and sp.simplify(fam.basis[0] / r).is_number
    # the uv-model analogue of D = v - 4 - w (found by the search, checked here by hand)
    D = eta * lam - 4 - eta**2 * yv * r / m
    QD = sp.expand(D.xreplace(dict(zip((f, lam), uv_model(jit=False).update)))
                   .xreplace({uv_model(jit=False).params[0]: eta,
                              uv_model(jit=False).params[1]: m,
                              uv_model(jit=False).params[2]: yv}) / D)
    fam = _family(res, sp.cancel(QD))
    assert fam is not None and sp.simplify(fam.basis[0] / D).is_number


DEGREE = 2   # proofs_check runs degree 3 (where P3 appears) with the same comparison


@pytest.fixture(scope="module")
def nqm_search():
    return search_invariants(one_example_map(), degree=DEGREE)


def expected_families(state, degree):
    """{cofactor: products of u, w, D, P3 with that cofactor} up to ``degree``."""
    u, v, w = state
    s = 1 - v + u + w
    gens = [(u, s**2, 1), (w, s, 1), (v - 4 - w, 1 + u + w, 1),
            (u * v**2 - 4 * (u + w)**2, s**2 * (1 - u)**2, 3)]
    expected = {}
    for exps in product(range(degree + 1), repeat=4):
        if sum(e * g[2] for e, g in zip(exps, gens)) > degree:
            continue
        P = sp.expand(sp.Mul(*(g[0]**e for g, e in zip(gens, exps))))
        Q = sp.Poly(sp.Mul(*(g[1]**e for g, e in zip(gens, exps))), *state)
        expected.setdefault(Q, []).append(P)
    return {Q.as_expr(): ps for Q, ps in expected.items()}


def test_one_example_map_families_are_exactly_products_of_four(nqm_search):
    u, v, w = one_example_map().state
    s = 1 - v + u + w
    expected = expected_families((u, v, w), DEGREE)
    assert len(nqm_search.families) == len(expected)
    for Q, polys in expected.items():
        fam = _family(nqm_search, Q)
        assert fam is not None, Q
        assert len(fam.basis) == _span_rank(polys, (u, v, w)), Q
        assert _span_rank(list(fam.basis) + polys, (u, v, w)) == len(fam.basis), Q
    assert [sp.simplify(p - w**2 / u) for p in nqm_search.first_integrals] == [0]
    assert nqm_search.degree == DEGREE
    assert {sp.expand(f.cofactor) for f in nqm_search.affine} == {
        sp.expand(s**2), sp.expand(s), sp.expand(1 + u + w)}


def test_direction_map_has_the_same_invariants(nqm_search):
    res = search_invariants(direction_map(), degree=DEGREE)
    assert [(sp.expand(f.cofactor), f.basis) for f in res.families] == [
        (sp.expand(f.cofactor), f.basis) for f in nqm_search.families]


def test_a_perturbed_map_loses_D():
    u, v, w = one_example_map().state
    F = one_example_map().update
    bad = compile_map((u, v, w), (), (F[0], F[1] + u**2 / 1000, F[2]), jit=False)
    res = search_invariants(bad, degree=1)
    assert all(sp.expand(f.cofactor - (1 + u + w)) != 0 for f in res.affine)


def test_parametric_map_needs_rational_values():
    from nqm_theory import NQMValueError
    with pytest.raises(NQMValueError, match="`params`"):
        search_invariants(uv_model(jit=False), degree=1)
