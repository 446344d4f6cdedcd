"""Orbits of maps from the literature in all four precisions, against independent values.

* exact: the first steps of the logistic map computed by hand, and the uv model against
  GD on its explicit parameters in rationals (a second route);
* mpN and ballN: a 1000-digit mpmath orbit computed here from the formula typed in the
  test; the ball enclosure must contain it at every step;
* float64: the same reference to 1e-12 relative over a short horizon.
"""
from fractions import Fraction as F

import mpmath
import numpy as np
import pytest

from nqm_theory.maps import OrbitOutcome
from nqm_theory.maps.examples import logistic, uv_model


def test_logistic_exact_by_hand():
    orb = logistic(jit=False).orbit([F(1, 3)], [4], steps=3, precision="exact")
    assert orb.states.shape == (4, 1)
    assert list(orb.states[:, 0]) == [F(1, 3), F(8, 9), F(32, 81), F(6272, 6561)]
    assert all(isinstance(v, F) for v in orb.states[:, 0])
    assert orb.outcome is OrbitOutcome.COMPLETED and orb.steps == 3


def _uv_by_hand(u, v, eta, y, steps):
    """GD on f = u.v / sqrt(m) with m = 4 (sqrt(m) = 2), one example x = 1, loss r^2/2."""
    out = []
    for _ in range(steps + 1):
        f = sum(a * b for a, b in zip(u, v)) / 2
        lam = (sum(a * a for a in u) + sum(b * b for b in v)) / 4
        out.append((f, lam))
        r = f - y
        u, v = [a - eta * r * b / 2 for a, b in zip(u, v)], [b - eta * r * a / 2 for a, b in zip(u, v)]
    return out


def test_uv_model_exact_equals_gd_on_parameters():
    u0, v0 = [F(1, 2), F(-3, 4), F(1), F(2, 5)], [F(1), F(-1), F(1), F(1)]
    eta, y = F(5, 2), F(1, 3)
    ref = _uv_by_hand(u0, v0, eta, y, 4)
    f0, lam0 = ref[0]
    orb = uv_model(jit=False).orbit([f0, lam0], {"eta": eta, "m": 4, "y": y}, steps=4,
                                    precision="exact")
    assert [tuple(s) for s in orb.states] == ref


def test_uv_model_float_equals_parameter_space_gd():
    from nqm_theory.params import descend, uv_model as uv_params
    m = 200
    qm, w0 = uv_params(m, np.array([1.0]), seed=3)
    f0, lam0 = float(qm.output(w0)[0]), float(qm.kernel(w0)[0, 0])
    eta, y = 2.5 / lam0, 0.4
    h = descend(qm, w0, np.array([y]), eta=eta, steps=40)
    orb = uv_model().orbit([f0, lam0], [eta, m, y], steps=40)
    loss = (orb.states[:, 0] - y) ** 2 / 2
    live = h.loss > 1e-8          # below, both sides see the float64 cancellation in f - y
    assert live.sum() > 15 and h.loss.max() > 10 * h.loss[0]   # a catapult, not a quiet run
    np.testing.assert_allclose(loss[live], h.loss[live], rtol=1e-9, atol=0)
    np.testing.assert_allclose(orb.states[:, 0], h.outputs[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(orb.states[:, 1], h.kernel_eigs[:, 0], rtol=1e-11, atol=0)


def _logistic_ref(x0, r, steps, dps=1000):
    """The logistic orbit in 1000 digits; x0 and r are Fractions (converted in 1000 digits)."""
    with mpmath.workdps(dps):
        x = mpmath.mpf(x0.numerator) / x0.denominator
        r = mpmath.mpf(r.numerator) / r.denominator
        out = [x]
        for _ in range(steps):
            x = r * x * (1 - x)
            out.append(x)
    return out


@pytest.mark.parametrize("r,steps", [("3.9", 60), ("4", 60), ("4", 200)])
def test_ball_encloses_a_1000_digit_orbit(r, steps):
    """Over 200 steps at r = 4 the balls of 50 digits become vacuous (interval arithmetic
    loses log2(r) bits a step on r x (1 - x)), yet still enclose; within 60 they are tight."""
    x0 = F(1, 7)
    ref = _logistic_ref(x0, F(r), steps)
    orb = logistic(jit=False).orbit([x0], [F(r)], steps=steps, precision="ball50")
    assert orb.lower.shape == orb.upper.shape == (steps + 1, 1)
    with mpmath.workdps(1000):
        for t in range(steps + 1):
            lo, hi = mpmath.mpf(str(orb.lower[t, 0])), mpmath.mpf(str(orb.upper[t, 0]))
            assert lo <= ref[t] <= hi, t
        width = mpmath.mpf(str(orb.upper[60, 0])) - mpmath.mpf(str(orb.lower[60, 0]))
    assert width < 1e-10   # still informative after 60 chaotic steps at 50 digits


def test_ball_enclosure_is_not_trivially_wide():
    orb = logistic(jit=False).orbit([F(1, 7)], [F(39, 10)], steps=5, precision="ball30")
    with mpmath.workdps(60):
        w = mpmath.mpf(str(orb.upper[5, 0])) - mpmath.mpf(str(orb.lower[5, 0]))
    assert 0 < w < 1e-25


def test_mp_orbit_agrees_with_the_reference_to_its_digits():
    ref = _logistic_ref(F(1, 7), F(4), 30)
    with mpmath.workdps(60):
        orb = logistic(jit=False).orbit([mpmath.mpf(1) / 7], [4], steps=30, precision="mp50")
        err = max(abs(a - b) for a, b in zip(orb.states[:, 0], ref))
    assert err < mpmath.mpf(10) ** -35  # 50 digits, minus log10(2^30) lost to chaos


def test_float64_orbit_agrees_with_the_reference():
    ref = _logistic_ref(F(0.2), F(3.7), 10)
    orb = logistic(jit=False).orbit([0.2], [3.7], steps=10)
    np.testing.assert_allclose(orb.states[:, 0], [float(v) for v in ref], rtol=1e-12)


def test_long_float64_orbit_numba_equals_python():
    L = logistic()
    a = L.orbit([0.3], [3.9], steps=1999)   # Python loop
    b = L.orbit([0.3], [3.9], steps=5000)   # numba loop
    assert np.array_equal(a.states[:, 0], b.states[:2000, 0])


def test_divergence_is_an_outcome():
    orb = logistic(jit=False).orbit([2.0], [4.0], steps=50)
    assert orb.outcome is OrbitOutcome.DIVERGED and not orb.success
    assert orb.steps < 50 and np.isnan(orb.states[-1, 0])
    assert np.all(np.isfinite(orb.states[:orb.steps, 0]))
    mp = logistic(jit=False).orbit([2], [4], steps=40, precision="mp20")
    assert mp.outcome is OrbitOutcome.COMPLETED   # mpmath's exponent range does not overflow


def test_pole_of_a_rational_map():
    import sympy as sp

    from nqm_theory.maps import compile_map
    x = sp.Symbol("x")
    m = compile_map([x], [], [1 / (x - 1)], name="pole", jit=False)
    ex = m.orbit([F(1, 2)], [], steps=5, precision="exact")   # 1/2 -> -2 -> -1/3 -> -3/4 ...
    assert [str(v) for v in ex.states[:4, 0]] == ["1/2", "-2", "-1/3", "-3/4"]
    hit = m.orbit([F(2)], [], steps=3, precision="exact")      # 2 -> 1 -> pole
    assert hit.outcome is OrbitOutcome.UNDEFINED and hit.steps == 1
    assert hit.states[2, 0] is None
    fl = m.orbit([2.0], [], steps=3)
    assert fl.outcome is OrbitOutcome.DIVERGED and fl.steps == 2
    bl = m.orbit([F(2)], [], steps=3, precision="ball20")
    assert bl.outcome is OrbitOutcome.ENCLOSURE_LOST


def test_exact_size_limit_refuses_before_computing():
    import time

    from nqm_theory import NQMValueError
    t = time.perf_counter()
    with pytest.raises(NQMValueError, match="bits"):
        logistic(jit=False).orbit([F(123456789, 1000000007)], [F(39, 10)], steps=40,
                                  precision="exact")
    assert time.perf_counter() - t < 1.0


@pytest.mark.parametrize("bad,match", [
    (dict(x0=[0.1, 0.2]), "`x0` must have 1"), (dict(x0="0.1"), "`x0`"),
    (dict(x0=[float("nan")]), "`x0\\[0\\]`"), (dict(params=[]), "`params`"),
    (dict(steps=0), "`steps`"), (dict(steps=True), "`steps`"),
    (dict(precision="ball5"), "`precision`"), (dict(x0=["0.1"]), "`x0\\[0\\]`"),
])
def test_bad_orbit_arguments(bad, match):
    from nqm_theory import NQMValueError
    kw = dict(x0=[0.1], params=[3.9], steps=3, precision="float64") | bad
    with pytest.raises(NQMValueError, match=match):
        logistic(jit=False).orbit(kw["x0"], kw["params"], steps=kw["steps"],
                                  precision=kw["precision"])
