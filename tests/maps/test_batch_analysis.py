"""Batched float64 orbits, fixed points with their Jacobian, Lyapunov exponents, the cache."""
import math

import numpy as np
import pytest
import sympy as sp

from nqm_theory import NQMValueError
from nqm_theory.maps import fixed_points, ftle
from nqm_theory.maps.examples import cubic, logistic, uv_model


def test_iterate_many_equals_single_orbits():
    L = logistic()
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0, 1, (7, 1))
    r = rng.uniform(2.5, 4.0, (3, 1, 1))         # broadcasts to (3, 7)
    res = L.iterate_many(x0, r, steps=300, record=True)
    assert res.final.shape == (3, 7, 1) and res.trajectory.shape == (3, 7, 301, 1)
    for i in range(3):
        for j in range(7):
            orb = L.orbit(x0[j], r[i, 0], steps=300)
            assert np.array_equal(res.trajectory[i, j], orb.states)
            assert res.final[i, j, 0] == orb.states[-1, 0]
    assert not res.diverged.any() and (res.steps_done == 300).all()


def test_iterate_many_parameters_by_name_and_divergence():
    U = uv_model()
    res = U.iterate_many([[0.5, 1.0]], {"eta": [0.5, 1.5, 9.0], "m": 100.0, "y": 0.0},
                         steps=2000)
    assert res.final.shape == (3, 2)
    assert res.diverged.tolist() == [False, False, True]
    assert abs(res.final[0, 0]) < 1e-12     # eta*lam0 = 0.5: f -> y = 0
    with pytest.raises(NQMValueError, match="broadcast"):
        U.iterate_many(np.zeros((4, 2)), np.ones((3, 3)), steps=2)
    with pytest.raises(NQMValueError, match="last axis of length 2"):
        U.iterate_many(np.zeros((4, 3)), np.ones((4, 3)), steps=2)


def test_fixed_points_of_known_maps():
    x, a = cubic().state[0], cubic().params[0]
    pts = {sp.simplify(fp.point[x]) for fp in fixed_points(cubic())}
    assert pts == {0, sp.sqrt(a - 1), -sp.sqrt(a - 1)}
    for fp in fixed_points(cubic()):
        lam = next(iter(fp.eigenvalues))
        # f'(x) = a - 3 x^2 at the fixed point
        assert sp.simplify(lam - (a - 3 * fp.point[x] ** 2)) == 0
    L = logistic()
    xs = [fp.point[L.state[0]] for fp in fixed_points(L)]
    r = L.params[0]
    assert xs == [0, (r - 1) / r]


def test_ftle_of_known_maps():
    """Logistic r = 4: log 2 (conjugate to the doubling map); r = 3.2: stable 2-cycle,
    exponent log|f'(x1) f'(x2)| / 2 computed from the cycle; uv model below critical: the
    linear map's rate log|1 - eta lam0| (DynamicalSystems.jl-style analytic values)."""
    res = ftle(logistic(), [0.2], [4.0], steps=100_000)
    assert abs(res.exponents[0] - math.log(2)) < 0.01
    r = 3.2
    x1 = (r + 1 + math.sqrt((r - 3) * (r + 1))) / (2 * r)
    x2 = (r + 1 - math.sqrt((r - 3) * (r + 1))) / (2 * r)
    expect = 0.5 * math.log(abs(r * (1 - 2 * x1) * r * (1 - 2 * x2)))
    res = ftle(logistic(), [0.3], [r], steps=20_000)
    assert abs(res.exponents[0] - expect) < 2e-3
    mp = ftle(logistic(jit=False), [0.3], [r], steps=300, precision="mp30")
    fl = ftle(logistic(), [0.3], [r], steps=300)
    np.testing.assert_allclose(mp.local, fl.local, rtol=1e-9, atol=1e-9)


def test_generated_module_is_verified_and_rewritten(tmp_path, monkeypatch):
    """A damaged cached module is never executed: it is compared with the printed text."""
    from nqm_theory.maps import cache
    from nqm_theory.maps.compiled import compile_map
    monkeypatch.setenv("NQM_THEORY_CACHE_DIR", str(tmp_path))
    cache._writable_dir.cache_clear()
    try:
        x, r = sp.symbols("x r")
        text = compile_map([x], [r], [r * x * (1 - x)], name="cache probe", jit=False).text
        path = cache.module_path(text)
        assert path.parent.parent == tmp_path and path.read_text() == text
        path.write_text("raise SystemExit('tampered')\n")
        assert cache.module_path(text).read_text() == text   # rewritten before use
        path.write_text(text[: len(text) // 2])               # truncated
        m = compile_map([x], [r], [r * x * (1 - x)], name="cache probe", jit=False)
        assert m.orbit([0.5], [2.0], steps=1).states[1, 0] == 0.5
        assert path.read_text() == text
    finally:
        cache._writable_dir.cache_clear()
