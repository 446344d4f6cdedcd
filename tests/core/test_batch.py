"""Batch iteration over parameter arrays: broadcasting, precisions, identity with iterate."""
import numpy as np
import pytest

from nqm_theory import NQMValueError, OneExample, iterate
from nqm_theory.core.batch import iterate_many


def test_broadcast_grid_matches_single_runs_bit_for_bit():
    eta = np.linspace(0.1, 4.6, 23)[:, None]
    width = np.logspace(1, 15, 8)[None, :]
    res = iterate_many(width, eta, 1.0, 0.7, 0.3, steps=4000)
    assert res.regime.shape == (23, 8)
    for i in range(23):
        for j in range(8):
            run = iterate(OneExample(width=float(width[0, j]), eta=float(eta[i, 0]), lam0=1.0,
                                     g0=0.7, y=0.3), steps=4000, record=False)
            assert res.regime[i, j] == run.regime.value
            assert res.steps[i, j] == run.steps and res.peak_step[i, j] == run.peak_step
            assert res.peak_loss[i, j] == run.peak_loss
            assert res.final_kernel[i, j] == run.final_kernel
    assert set(res.regime.ravel()) == {"monotone", "catapult", "divergent"}


def test_arrays_of_every_parameter():
    rng = np.random.default_rng(1)
    n = 50
    args = (10 ** rng.uniform(2, 8, n), rng.uniform(0.5, 4.5, n), rng.uniform(0.5, 2, n),
            rng.uniform(-1, 1, n), rng.uniform(-1, 1, n), rng.uniform(0.2, 3, n))
    res = iterate_many(*args, steps=3000)
    for k in range(0, n, 7):
        run = iterate(OneExample(*(float(a[k]) for a in args)), steps=3000, record=False)
        assert (res.regime[k], res.final_loss[k]) == (run.regime.value, run.final_loss)


@pytest.mark.parametrize("precision", ["mp40", "exact"])
def test_other_precisions_close_to_float64(precision):
    a = iterate_many([1e3, 1e5], 2.7, 1.0, 0.7, 0.3, steps=6, precision=precision)
    b = iterate_many([1e3, 1e5], 2.7, 1.0, 0.7, 0.3, steps=6)
    assert a.final_loss.dtype == object
    np.testing.assert_allclose(a.final_loss.astype(float), b.final_loss, rtol=1e-12)


@pytest.mark.parametrize("name,pos", [("width", 0), ("eta", 1), ("lam0", 2), ("x2d", 5)])
def test_nonpositive_entries_rejected(name, pos):
    args = [np.ones(3)] * 6
    args[pos] = np.array([1.0, 0.0, 2.0])
    with pytest.raises(NQMValueError, match=f"`{name}`"):
        iterate_many(*args)


def test_nan_rejected():
    with pytest.raises(NQMValueError, match="`g0`"):
        iterate_many(1e3, 1.0, 1.0, [0.1, np.nan], 0.0)
