"""Lemma T and the y = 0 theorems against long independent runs (mpmath, 30 digits).

Every certified claim is checked against a higher-precision computation that does not use
the code under test: the orbit from a trapped state is iterated in mpmath for many steps,
and the bounds the lemma promises (|s| <= q, |v - v_t| <= E, the limit of v inside the
enclosure) are checked step by step.
"""
from fractions import Fraction as F

import mpmath
import pytest
from flint import arb, ctx

from nqm_theory.results import Regime
from nqm_theory.sharp.regimes import above_upper_edge, analytic_regime
from nqm_theory.sharp.trapping import trap

#: (u, v, w) with k = w^2/u (the invariant of the orbit through the state).
STATES = [("1e-3", "1.2", "0"), ("2e-4", "0.3", "1e-5"), ("1e-6", "1.9", "-3e-6"),
          ("5e-5", "0.05", "2e-6")]


def _mp_orbit(u, v, w, steps):
    with mpmath.workdps(30):
        u, v, w = (mpmath.mpf(z) for z in (u, v, w))
        out = []
        for _ in range(steps):
            s = 1 - v + u + w
            out.append((u, v, w, s))
            u, v, w = s * s * u, v - u * (4 - v) - 4 * w, s * w
        return out


@pytest.mark.parametrize("u,v,w", STATES)
def test_lemma_T_bounds_hold_along_a_30_digit_orbit(u, v, w):
    ctx.prec = 200
    U, V, Wb = (arb(z) for z in (u, v, w))
    t = trap(U, V, Wb, Wb * Wb / U)
    assert t is not None
    q = float(t.q)
    orbit = _mp_orbit(u, v, w, 4000)
    E = 4 * (float(u) / (1 - q * q) + abs(float(w)) / (1 - q))
    for uu, vv, ww, s in orbit:
        assert abs(s) <= q and abs(vv - mpmath.mpf(v)) <= E
    lo, hi = float(t.v_lower), float(t.v_upper)
    v_end = orbit[-1][1]
    rest = float(orbit[-1][0]) / (1 - q * q) * 4 + abs(float(orbit[-1][2])) / (1 - q) * 4
    assert lo - rest <= v_end <= hi + rest
    assert hi - lo <= 4 * E


def test_lemma_T_limit_enclosure_is_tight_and_contains_the_limit():
    ctx.prec = 200
    u, v, w = "1e-4", "1.5", "0"
    t = trap(arb(u), arb(v), arb(w), arb(0))
    v_end = _mp_orbit(u, v, w, 200)[-1][1]       # (1 - v)^2 = 1/4: converged to 1e-100
    assert float(t.v_lower) <= float(v_end) <= float(t.v_upper)
    assert float(t.v_upper - t.v_lower) <= 4 * float(t.sum_u)      # O(u), not O(sqrt u)


def test_lemma_T_refuses_states_it_cannot_trap():
    ctx.prec = 200
    assert trap(arb("1e-3"), arb("2.1"), arb(0), arb(0)) is None     # |1 - v| > 1
    assert trap(arb("0.2"), arb("1.0"), arb(0), arb(0)) is None      # drift too large
    assert trap(arb("1e-6"), arb("1.0", "2"), arb(0), arb(0)) is None  # a wide v ball


@pytest.mark.parametrize("v0,expected", [(F(3), Regime.CATAPULT), (F(19, 10), Regime.MONOTONE),
                                         (F(2), Regime.MONOTONE)])
def test_theorem_C_and_lemma_M_agree_with_mp_runs(v0, expected):
    from nqm_theory import OneExample, iterate
    from nqm_theory.results import Tolerances
    p = OneExample(width=F(10**4), eta=v0, lam0=F(1), g0=F(1), y=F(0))
    u0, vv, w0, _ = p.convert(F).initial_state()
    reg, why = analytic_regime(u0, vv, w0)
    assert reg is expected and "proven" in why
    run = iterate(p, precision="mp60", steps=400_000, tolerances=Tolerances(loss_tol=1e-30))
    assert run.regime is expected


def test_theorems_decline_what_they_do_not_cover():
    assert analytic_regime(F(1, 100), F(3), F(1, 1000))[0] is None       # y != 0
    assert analytic_regime(F(1, 100), F(9, 2), F(0))[0] is None          # v0 >= 4
    assert analytic_regime(F(3), F(3), F(0))[0] is None                  # not realizable
    assert above_upper_edge(F(1, 100), F(4), F(0)) and not above_upper_edge(
        F(1, 100), F(399, 100), F(0))
