"""Theorem 2: exact fixed points, period-2 points of the paper's family, eigenvalues."""
from fractions import Fraction as F

import sympy as sp

from nqm_theory.symbolic.symbols import u, v, w
from nqm_theory.theorems.equilibria import Theorem2, exact_fixed_points


def hand_step(u_, v_, w_):
    k = 1 - v_ + u_ + w_
    return k * k * u_, v_ - u_ * (4 - v_) - 4 * w_, k * w_


def test_sympy_fixed_point_set():
    sols = exact_fixed_points()
    want = [{u: 0, w: 0}, {u: 4, w: v - 4}, {v: 0, w: -u}, {u: 2, v: 4, w: 0}]
    assert len(sols) == 4
    for s in want:
        assert any(all(sp.simplify(t.get(k, k) - val) == 0 for k, val in s.items()) for t in sols)


def test_families_are_fixed_by_hand():
    q = F(3, 7)
    for p in ((F(0), F(5, 3), F(0)), (q, F(0), -q), (F(4), 4 + q, q), (F(2), F(4), F(0))):
        assert hand_step(*p) == p


def test_paper_family_contains_a_non_fixed_point():
    p = (F(1), F(8, 3), F(-1, 3))
    assert abs(1 - p[1] + p[0] + p[2]) == 1 and p[0] * (4 - p[1]) + 4 * p[2] == 0
    assert hand_step(*p) == (F(1), F(8, 3), F(1, 3))


def test_verdict():
    vd = Theorem2().check()
    assert vd.status == "holds-corrected" and vd.corrected_failures == 0
    assert vd.decided_precision == "exact"
    assert vd.failures == 7   # 6 eigenvalue lists at v* not in {0, 1} + the period-2 point
