"""Lemma 1, Lemma 2, Propositions 1, 3, 4, 5 (explicit constants of Lemma 1)."""
import math

from nqm_theory.theorems import Case
from nqm_theory.theorems.phases import (Lemma1, Lemma2, Proposition1, Proposition3,
                                        Proposition4, Proposition5)


def test_lemma1_constants_and_hypotheses():
    case = Case(1e10, 2.5, 1.0, 0.0)
    k = Lemma1().consts(case)
    cp = 1 / 64
    assert math.isclose(k["C_kappa"], 28 * cp + cp * 0.5)
    assert math.isclose(k["C_v"], 28 * cp)
    assert math.isclose(k["u_phase"], cp * 0.25 / math.log(1e10))
    assert Lemma1().hypotheses(case).ok
    assert not Lemma1().hypotheses(Case(1e2, 2.05, 1.0, 1.0)).ok   # 576 C^2/(C'_u delta^2)


def test_lemma1_holds_for_y0_in_paper_form():
    res = Lemma1().evaluate(Case(1e10, 2.5, 1.0, 0.0))
    assert res.paper.ok and res.corrected.ok


def test_lemma1_verdict_and_w0():
    v = Lemma1().check([1e6, 1e12])
    assert v.status == "holds-corrected" and v.corrected_failures == 0
    assert v.witness.what == "|w(0)| <= C sqrt(C_u)/m^1.5"


def test_lemma1_fails_with_smaller_bound_constants():
    # the drift bound is ~10x loose, not 30x: C_v -> C_v/30 is violated
    assert Lemma1(bound_scale=0.03).check([1e8, 1e12]).status == "fails"


def test_lemma2_props_1_3():
    for claim in (Lemma2(), Proposition1(), Proposition3()):
        v = claim.check([1e6, 1e12])
        assert v.status == "holds" and v.cases > 0, (claim.name, v)


def test_proposition4_5():
    v4 = Proposition4().check([1e6, 1e12])
    assert v4.status == "holds-corrected" and v4.corrected_failures == 0
    v5 = Proposition5().check([1e6, 1e12])
    assert v5.status in ("holds", "holds-corrected") and v5.corrected_failures == 0
