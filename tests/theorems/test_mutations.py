"""Every check can fail: a perturbed map coefficient or bound constant makes it report 'fails'.

(a) The map: v(t+1) = v - u(4 - v) - 4w is replaced by v - u(4.01 - v) - 4w, a map object
    passed to ``Claim.check(map=...)`` (no monkeypatching).
(b) Bound constants: the dataclass fields of the claims.
"""
import dataclasses

import pytest
import sympy as sp

from nqm_theory.maps import compile_map
from nqm_theory.theorems import get_claim
from nqm_theory.theorems.several import SimCase
from nqm_theory.theorems.several_gd import QuadCase


@pytest.fixture(scope="module")
def mutated_map():
    """4 -> 401/100 in v_next: the paper's map typed here with one coefficient changed."""
    u, v, w = sp.symbols("u v w", real=True)
    k = u - v + w + 1
    return compile_map((u, v, w), (), (u * k**2, v - u * (sp.Rational(401, 100) - v) - 4 * w,
                                       w * k), name="mutant", jit=False)


def test_unmutated_baseline():
    assert get_claim("Theorem 2").check().status == "holds-corrected"
    assert get_claim("Theorem 5").check([1e12]).status == "holds-corrected"


def test_map_mutation_breaks_theorem2(mutated_map):
    v = get_claim("Theorem 2").check(map=mutated_map)
    assert v.status == "fails" and v.corrected_failures > 0


def test_map_mutation_breaks_theorem5(mutated_map):
    # at eta*lam0 = 4 + eps(1e12) the kernel must increase; with 4.01 it decreases
    v = get_claim("Theorem 5").check([1e12], map=mutated_map)
    assert v.status == "fails" and v.corrected_witness.margin < 0


@pytest.mark.parametrize("name,field,value,widths", [
    ("Theorem 1", "c_u_prime", 1e3, [1e6]),
    ("Theorem 4", "kappa_scale", 0.0, [1e6]),
    ("Lemma 1", "bound_scale", 0.03, [1e8, 1e12]),
    ("Proposition 2", "sharp_const", 8.0, [1e4]),
    ("critical rates", "K", 1e-3, [1e2]),
])
def test_bound_constant_mutation(name, field, value, widths):
    claim = get_claim(name)
    assert claim.check(widths).status != "fails"
    assert dataclasses.replace(claim, **{field: value}).check(widths).status == "fails"


def test_simulator_tolerance_mutation():
    c9 = dataclasses.replace(get_claim("Proposition 9"), rtol=1e-30)
    assert c9.check(cases=[SimCase(100, 0, eta_lam1=2.6)]).status == "fails"
    c10 = dataclasses.replace(get_claim("Proposition 10"), rtol=1e-30)
    assert c10.check(cases=[QuadCase(4, 0.1, 1.0, 3.0, 0)]).status == "fails"
