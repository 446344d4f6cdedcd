"""Critical rates, Theorem 1 and Theorem 4 (with an independent hand-typed map)."""
import math

import pytest

from nqm_theory.theorems import Case, eps_m
from nqm_theory.theorems.one_example import CriticalRates, Theorem1, Theorem4


def hand_orbit(case, steps):
    """docs/theory.md §3 (u, v, w) map typed by hand (independent of the derived code)."""
    r0 = case.g0 - case.y
    c = case.x2d / case.m
    u, v, w = c * case.eta ** 2 * r0 ** 2, case.v0, c * case.eta ** 2 * r0 * case.y
    out = [(u, v, w)]
    for _ in range(steps):
        k = 1 - v + u + w
        u, v, w = k * k * u, v - u * (4 - v) - 4 * w, k * w
        out.append((u, v, w))
    return out


def test_critical_rates_hold_on_a_small_sweep():
    v = CriticalRates().check([1e2, 1e6, 1e10])
    assert v.status == "holds" and v.cases + v.skipped == 3 * 11 * 7 and v.failures == 0
    assert v.cases >= 3 * 11 * 7 - 7       # only unrealizable (g0, lam0) at m = 100 skipped


def test_critical_rates_fail_with_a_tiny_margin():
    # the measured edges sit O(1/m) from 2 and 4 (e.g. 2 + 1/m for g0 = 1, y = 0), so with
    # eps = 1e-3 log m/sqrt m some v0 = 2 + eps at m = 100 does not catapult
    v = CriticalRates(K=1e-3).check([1e2])
    assert v.status == "fails" and v.witness.margin < 0


def test_theorem1_holds_and_bound_is_the_stated_one():
    case = Case(1e6, 2.5, 1.0, 0.0)
    pred = Theorem1().predictions(case)
    assert math.isclose(pred["sup_u_lower"], 0.25 / 64 / math.log(1e6))
    v = Theorem1().check([1e3, 1e8, 1e12])
    assert v.status == "holds" and v.failures == 0 and v.witness.margin > 1


def test_theorem1_peak_independent():
    case = Case(1e8, 2.5, 1.0, 0.0)
    res = Theorem1().evaluate(case)
    peak = max(s[0] for s in hand_orbit(case, 200))
    assert math.isclose(res.paper.measured, peak, rel_tol=1e-12)


def test_theorem1_hypotheses():
    assert not Theorem1().hypotheses(Case(1e2, 2.1, 1.0, 0.0)).ok   # delta < eps(100)
    assert Theorem1().hypotheses(Case(1e6, 2.1, 1.0, 0.0)).ok


def test_theorem4_paper_constant_counterexample_by_hand():
    # C_u = 1, C = 2, delta = 2 eps(1e4); the paper's C_kappa = 9 C_u + (C_u + C_u C) delta
    case = Case(1e4, 2 * eps_m(1e4), 1.5, 1.0, 1.0, 2.0)
    d, m = case.v0, case.m
    assert Theorem4().hypotheses(case).ok
    Ck = 9 + 3 * d
    orbit = hand_orbit(case, 400)
    kappa = max(orbit[t + 1][0] / orbit[t][0] for t in range(400))
    assert kappa > (1 - d + Ck / (m * d)) ** 2          # the paper's explicit bound fails
    Ckc = (9 + d) * (1 + 2 * 1)                         # corrected: (9+delta)(C_u + C sqrt C_u)
    assert kappa <= (1 - d + Ckc / (m * d)) ** 2
    res = Theorem4().evaluate(case)
    assert not res.paper.ok and res.corrected.ok


def test_theorem4_w0_bound_of_the_proof_is_false():
    case = Case(1e6, 1.0, 0.5, 1.0)
    u0, v0, w0 = hand_orbit(case, 0)[0]
    assert math.isclose(abs(w0), case.C * math.sqrt(case.C_u) / case.m)
    assert abs(w0) > case.C_u * case.C / case.m ** 1.5          # §9.6
    assert Theorem4().evaluate(case).paper.what == "|w(0)| <= C_u C/m^1.5"


def test_theorem4_status_on_sweep():
    v = Theorem4().check([1e4, 1e8])
    assert v.status == "holds-corrected" and v.corrected_failures == 0
    assert Theorem4(kappa_scale=0.0).check([1e4, 1e8]).status == "fails"


@pytest.mark.parametrize("v0", [0.5, 1.9])
def test_theorem4_y0_holds_in_paper_form(v0):
    assert Theorem4().evaluate(Case(1e6, v0, 1.0, 0.0)).paper.ok
