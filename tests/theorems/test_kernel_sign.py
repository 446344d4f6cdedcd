"""Monotone kernel decrease, Proposition 2 and Theorem 5: witnesses computed by hand."""
from fractions import Fraction as F

import pytest

from nqm_theory.theorems import Case
from nqm_theory.theorems.kernel_sign import MonotoneKernelDecrease, Proposition2, Theorem5


def dv_first_step(m, v0, g0, y, x2d=1, eta=1):
    """v(1) - v(0) = -(u0 (4 - v0) + 4 w0), exact in Fractions (docs/theory.md §3 by hand)."""
    c = F(x2d) / F(m)
    r0 = F(g0) - F(y)
    u0, w0 = c * eta ** 2 * r0 ** 2, c * eta ** 2 * r0 * F(y)
    return -(u0 * (4 - F(v0)) + 4 * w0)


def test_kernel_increases_at_step0_when_g0_is_zero():
    # g0 = 0, y = 1: u0(4 - v0) + 4 w0 = c (4 - v0) - 4 c = -c v0 < 0
    assert dv_first_step(10 ** 6, F(5, 2), 0, 1) == F(5, 2) / 10 ** 6
    res = MonotoneKernelDecrease().evaluate(Case(1e6, 2.5, 0.0, 1.0))
    assert not res.paper.ok and res.corrected.ok


@pytest.mark.parametrize("m", [1e3, 1e9])
def test_kernel_decreases_monotonically_for_y0(m):
    res = MonotoneKernelDecrease().evaluate(Case(m, 3.5, 0.8, 0.0))
    assert res.paper.ok and res.corrected.ok


def test_proposition2_paper_threshold_counterexample():
    # g0 = -2, y = 1, v0 = 3, m = 100: u0 = 9/100 > 4C/(m(4-v0)^2) = 4/100 but
    # v(1) - v(0) = -(9/100 - 12/100) = +3/100: the kernel increases.  16 C^2/m = 16/100 > u0.
    assert dv_first_step(100, 3, -2, 1) == F(3, 100)
    res = Proposition2().evaluate(Case(100.0, 3.0, -2.0, 1.0))
    assert not res.paper.ok and res.paper.step == 0 and res.corrected.ok


def test_proposition2_verdict():
    v = Proposition2().check([1e2, 1e6])
    assert v.status == "holds-corrected" and v.corrected_failures == 0


def test_theorem5_kernel_can_decrease_above_4():
    # g0 = 1.5, y = 1 (r0 y > 0): v(1) - v(0) = -c (0.25 (4 - v0) + 2) < 0 for v0 = 4.5
    assert dv_first_step(10 ** 4, F(9, 2), F(3, 2), 1) < 0
    res = Theorem5().evaluate(Case(1e4, 4.5, 1.5, 1.0))
    assert not res.paper.ok and res.corrected.ok


def test_theorem5_divergence_and_sign_y0():
    res = Theorem5().evaluate(Case(1e6, 4.2, 1.0, 0.0))
    assert res.paper.ok and res.corrected.ok
    v = Theorem5().check([1e3, 1e12])
    assert v.status == "holds-corrected"
