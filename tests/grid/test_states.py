"""The vectorised initial state agrees bit for bit with OneExample.initial_state."""
import numpy as np
import pytest

from nqm_theory import NQMValueError, OneExample
from nqm_theory.grid.states import cell_inputs, initial_states, linear_axis, log_axis


def test_initial_states_bitwise_equal_to_scalar_reference():
    rng = np.random.default_rng(5)
    n = 400
    eta = rng.uniform(0.01, 6.0, n)
    width = 10.0 ** rng.uniform(0.5, 14, n)
    for lam0, g0, y, x2d in [(1.0, 0.7, 0.3, 1.0), (0.37, -1.3, 2.1, 0.61), (3.3, 0.0, 0.0, 7.0)]:
        got = initial_states(eta, width, lam0, g0, y, x2d)
        for k in range(n):
            ref = OneExample(width=float(width[k]), eta=float(eta[k]), lam0=lam0, g0=g0, y=y,
                             x2d=x2d).initial_state()
            for a, b in zip(got, ref):
                assert a[k] == b or (np.isnan(a[k]) and np.isnan(b))


def test_cell_inputs_c_order_and_division():
    el, wd = np.array([0.5, 1.7, 3.1]), np.array([10.0, 1e3])
    eta, m = cell_inputs(el, wd, 1, 5, 0.3)
    assert m.tolist() == [1e3, 10.0, 1e3, 10.0]
    assert eta.tolist() == [0.5 / 0.3, 1.7 / 0.3, 1.7 / 0.3, 3.1 / 0.3]


def test_axes():
    assert linear_axis(0.05, 4.55, 2048)[[0, -1]].tolist() == [0.05, 4.55]
    w = log_axis(1e2, 1e10, 9)
    assert w[0] == 1e2 and w[-1] == 1e10
    np.testing.assert_allclose(np.diff(np.log10(w)), 1.0, rtol=1e-12)
    with pytest.raises(NQMValueError, match="`width"):
        log_axis(10, 1, 3)
    with pytest.raises(NQMValueError, match="`eta_lam0 start`"):
        linear_axis(-1, 1, 3)


def test_cell_inputs_every_range_matches_indexing():
    rng = np.random.default_rng(3)
    el, wd = rng.uniform(0.1, 4, 7), np.geomspace(1, 1e6, 5)
    for lo in range(0, 35):
        for hi in range(lo + 1, 36):
            eta, m = cell_inputs(el, wd, lo, hi, 1.7)
            idx = np.arange(lo, hi)
            assert eta.tolist() == (el[idx // 5] / 1.7).tolist()
            assert m.tolist() == wd[idx % 5].tolist()
