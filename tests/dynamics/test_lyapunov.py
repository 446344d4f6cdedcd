"""FTLE (float64 vs mpmath) and periodic-orbit detection."""
import math

import numpy as np

from nqm_theory import OneExample, iterate
from nqm_theory.dynamics import find_period, ftle


def test_ftle_float64_matches_mpmath():
    p = OneExample(width=100, eta=3.99, lam0=1, g0=0.7, y=0.3)
    a, b = ftle(p, steps=5000), ftle(p, steps=5000, precision="mp30")
    assert a.regime == b.regime == "catapult"
    np.testing.assert_allclose(a.local, b.local, rtol=0, atol=1e-9)
    assert a.transient > 0.5 and abs(a.after) < 0.05


def test_ftle_at_the_fixed_line_is_the_neutral_exponent():
    """After convergence the tangent vector aligns with the line of fixed points (eigenvalue 1)."""
    r = ftle(OneExample(width=1e4, eta=1.0, lam0=1, g0=0.7, y=0.3), steps=1000)
    assert r.regime == "monotone"
    assert abs(r.local[-1]) < 1e-6


def test_local_exponent_equals_log_growth_of_u_early_in_the_catapult():
    """While u, w << 1 the Jacobian is ~diag((1-v)^2, 1, 1-v): growth log (v0 - 1)^2."""
    r = ftle(OneExample(width=1e10, eta=3.0, lam0=1, g0=0.7, y=0.3), steps=3000)
    assert abs(r.local[10] - math.log(4.0)) < 2e-3  # u(10) ~ 2e-4: growth phase, e aligned


def test_find_period():
    run = iterate(OneExample(width=1e4, eta=3.0, lam0=1, g0=0.7, y=0.3), steps=2000)
    tr = run.trajectory
    assert find_period(tr.u, tr.v, tr.w, rtol=1e-12) == 1
    t = np.arange(40)
    assert find_period(np.where(t % 3 == 0, 1.0, 2.0), t * 0 + 1.0, t * 0.0) == 3
    assert find_period(np.exp(t / 3.0), t * 0 + 1.0, t * 0.0) is None
