"""Batched runs equal single runs; edges; the window per activation in the limit."""
import numpy as np
import pytest

from nqm_theory.activations.batch import run_batch
from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.population import run_population
from nqm_theory.activations.window import draw, edges, limit_scan, scan_draw, spectral_moments
from nqm_theory.results import REGIME_CODES


def test_batch_equals_single_runs():
    dr = draw(make_activation("gelu"), 200, 1, 5)
    v0s = np.array([0.7, 1.9, 2.4, 3.3, 3.95, 4.4, 7.0])
    res = scan_draw(dr, v0s, 0.5, steps=20000)
    from nqm_theory.activations.window import SCAN_TOL
    for k, v0 in enumerate(v0s):
        eta = v0 / dr.lam0
        one = run_population(dr.population, eta, eta * (dr.g0 - 0.5) / np.sqrt(200),
                             steps=20000, scale=200 / (2 * eta**2), tolerances=SCAN_TOL)
        assert REGIME_CODES[res.regime[k]] == one.regime
        assert res.steps[k] == one.steps
        assert res.peak_u[k] == pytest.approx(float(one.peak_u), rel=1e-12)
        if one.regime.success:
            assert res.final_v[k] == pytest.approx(float(one.final_v), rel=1e-12)
    assert list(res.regime[:2]) == [0, 0] and res.regime[-1] == 2


def test_edges():
    e = edges([0, 1, 1, 2, 2], [1.0, 2.5, 3.0, 4.0, 5.0])
    assert e == {"lower": 2.5, "first_divergent": 4.0, "last_convergent": 3.0, "sharp": True,
                 "undecided": 0}
    with pytest.raises(ValueError, match="same shape"):
        edges([0, 1], [1.0])


def test_limit_window_relu_at_4_and_tanh_below():
    v0s = np.array([1.9, 2.1, 2.5, 3.0, 3.1, 3.2, 3.3, 3.5, 3.9, 4.0, 4.1])
    out = {}
    for name in ("relu", "tanh"):
        reg, _, _ = limit_scan(make_activation(name), v0s, [1e-6], n=32, steps=20000)
        out[name] = edges(reg[0], v0s)
    assert out["relu"]["lower"] == 2.1 and out["tanh"]["lower"] == 2.1   # first v0 above 2
    assert out["relu"]["first_divergent"] == 4.0 and out["relu"]["last_convergent"] == 3.9
    assert 3.0 <= out["tanh"]["first_divergent"] <= 3.3


def test_moments():
    from nqm_theory.activations.limit import limit_population
    relu = spectral_moments(limit_population(make_activation("relu"), 32))
    tanh = spectral_moments(limit_population(make_activation("tanh"), 32))
    assert relu["kurtosis"] == pytest.approx(1, abs=1e-12) and abs(relu["odd"]) < 1e-12
    assert tanh["kurtosis"] > 2 and abs(tanh["odd"]) < 1e-12     # symmetric measure


def test_tiny_loss_at_an_unstable_point_is_not_convergence():
    # loss(0) below the tolerance, but 2 < eta*lam < 4: the fixed point is unstable, the
    # run must go on (and catapult), in the batch and in the single run alike
    dr = draw(make_activation("silu"), 64, 1, 2)
    from nqm_theory.results import Tolerances
    tol = Tolerances(loss_tol=1e-20, overflow=1e60)
    for v0 in (2.2, 2.7):
        eta = v0 / dr.lam0
        res = run_batch(dr.population, [eta], [1e-15], steps=5000, scales=[1.0],
                        tolerances=tol)
        one = run_population(dr.population, eta, 1e-15, steps=5000, tolerances=tol)
        assert res.regime[0] == 1 and one.regime.value == "catapult"
        assert res.steps[0] == one.steps > 10
