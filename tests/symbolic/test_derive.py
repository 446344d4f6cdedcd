"""The derived one-example maps (docs/theory.md §3) against the paper and an independent route."""
import dataclasses
import random
from fractions import Fraction

import pytest
import sympy as sp

from nqm_theory.symbolic.crosscheck import crosscheck_residual_map
from nqm_theory.symbolic.derive import UpdateMap, derive_one_example
from nqm_theory.symbolic.relu_nqm import check_structural_identities
from nqm_theory.symbolic.symbols import c, eta, g, lam, r, u, v, w, y

D = derive_one_example()


def test_maps_equal_paper_printed_formulas():
    # docs/theory.md §3, typed from the paper (the reference is the paper, not our code)
    r_next, lam_next = D.residual_map.next_state
    assert sp.simplify(r_next - (1 - eta * lam + c * eta**2 * r * g) * r) == 0
    assert sp.simplify(lam_next - (lam - eta * c * r**2 * (4 * g / r - eta * lam))) == 0
    u1, v1, w1 = D.uvw_map.next_state
    assert sp.expand(u1 - (1 - v + u + w)**2 * u) == 0
    assert sp.expand(v1 - (v - u * (4 - v) - 4 * w)) == 0
    assert sp.expand(w1 - (1 - v + u + w) * w) == 0


@pytest.mark.parametrize("m,d", [(1, 1), (2, 2), (3, 1), (1, 3), (4, 1)])
def test_structural_identities(m, d):
    assert check_structural_identities(m, d) == {"S0": True, "S1": True, "S2": True, "S3": True}


@pytest.mark.parametrize("m,d", [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1)])
def test_independent_route_explicit_gd(m, d):
    assert crosscheck_residual_map(m, d)


def _perturbed_maps():
    """Every single term of each residual-map expression, scaled by 8/7."""
    for i, expr in enumerate(D.residual_map.next_state):
        terms = sp.Add.make_args(sp.expand(expr))
        for j in range(len(terms)):
            new = sum(t * (sp.Rational(8, 7) if k == j else 1) for k, t in enumerate(terms))
            state = list(D.residual_map.next_state)
            state[i] = new
            yield f"{i}:{terms[j]}", dataclasses.replace(D.residual_map, next_state=tuple(state))


@pytest.mark.parametrize("label,bad", list(_perturbed_maps()), ids=lambda x: str(x)[:30])
def test_crosscheck_rejects_changed_coefficient(label, bad):
    assert isinstance(bad, UpdateMap)
    assert not crosscheck_residual_map(2, 1, residual_map=bad)


def test_change_of_variables_exact_on_random_rationals():
    """(r, lam) map then u = c eta^2 r^2 etc. == (u, v, w) map, in exact rationals."""
    rng = random.Random(7)
    rmap, umap = D.residual_map, D.uvw_map
    for _ in range(25):
        vals = {r: Fraction(rng.randint(-90, 90), rng.randint(1, 40)),
                y: Fraction(rng.randint(-90, 90), rng.randint(1, 40)),
                lam: Fraction(rng.randint(1, 90), rng.randint(1, 40)),
                eta: Fraction(rng.randint(1, 90), rng.randint(1, 40)),
                c: Fraction(1, rng.randint(1, 10**6))}
        vals[g] = vals[r] + vals[y]
        sub = {k: sp.Rational(x.numerator, x.denominator) for k, x in vals.items()}
        r1, l1 = (e.xreplace(sub) for e in rmap.next_state)
        ce2 = sub[c] * sub[eta]**2
        uvw0 = {u: ce2 * sub[r]**2, v: sub[eta] * sub[lam], w: ce2 * sub[r] * sub[y]}
        u1, v1, w1 = (e.xreplace(uvw0) for e in umap.next_state)
        assert u1 == ce2 * r1**2 and v1 == sub[eta] * l1 and w1 == ce2 * r1 * sub[y]


def test_derivation_is_immutable_and_cached():
    with pytest.raises(dataclasses.FrozenInstanceError):
        D.steps = ()
    assert derive_one_example() is D
    assert all(step.title for step in D.steps)
