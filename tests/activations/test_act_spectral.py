"""Finite spectral measures through the engine: float64, mpN, exact, ballN; the ReLU collapse."""
import math
from fractions import Fraction

import numpy as np
import pytest

from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.population import population, run_population
from nqm_theory.activations.spectral import kappas_of, spectral_map, spectral_state
from nqm_theory.activations.window import draw
from nqm_theory.symbolic.maps import one_example_map


def test_supports():
    assert kappas_of(make_activation("relu")) == (1, -1)
    assert kappas_of(make_activation("linear")) == (1, -1)
    assert len(kappas_of(make_activation("leaky_relu", Fraction(1, 3)))) == 4
    assert len(kappas_of(make_activation("leaky_relu", Fraction(-1)))) == 2
    with pytest.raises(ValueError, match="not piecewise linear"):
        kappas_of(make_activation("gelu"))


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "abs"])
def test_spectral_map_equals_population_map(name):
    act = make_activation(name, Fraction(1, 3) if name == "leaky_relu" else None)
    dr = draw(act, 500, 2, 4)
    eta = 3.1 / dr.lam0
    rho0 = eta * (dr.g0 - 0.5) / math.sqrt(dr.m)
    zs = (dr.network.U0 @ dr.X[0]) / math.sqrt(2)
    ks, st = spectral_state(act, zs, dr.network.V0, eta, rho0)
    orb = spectral_map(ks).orbit(st, (), steps=40)
    run = run_population(dr.population, eta, rho0, steps=40, record=True)
    T = min(len(run.rho), 41)
    assert np.allclose(orb.states[:T, 0], run.rho[:T], rtol=1e-10, atol=1e-14)
    assert np.allclose(orb.states[:T, 1:].sum(axis=1), run.v[:T], rtol=1e-10)


def test_relu_cell_map_is_the_papers_uvw_map():
    act = make_activation("relu")
    dr = draw(act, 400, 2, 3)
    y = 0.5
    eta = 3.2 / dr.lam0
    rho0 = eta * (dr.g0 - y) / math.sqrt(dr.m)
    zs = (dr.network.U0 @ dr.X[0]) / math.sqrt(2)
    ks, st = spectral_state(act, zs, dr.network.V0, eta, rho0)
    cell = spectral_map(ks, "cell")
    orb = cell.orbit((st[0]**2, sum(st[1:]), st[0]) + tuple(st[2:]), (), steps=60)
    uvw = one_example_map().orbit((rho0**2, eta * dr.lam0, rho0 * eta * y / math.sqrt(dr.m)),
                                  (), steps=60)
    assert np.allclose(orb.states[:, :2], uvw.states[:, :2], rtol=1e-9)


def test_precisions_agree_and_ball_encloses_exact():
    ks = (Fraction(1), Fraction(-1), Fraction(1, 4), Fraction(-1, 4))
    x0 = (Fraction(-1, 20), Fraction(3, 2), Fraction(3, 2), Fraction(1, 10), Fraction(1, 10))
    M = spectral_map(ks)
    ex = M.orbit(x0, (), steps=6, precision="exact")
    fl = M.orbit(x0, (), steps=6, precision="float64")
    mp = M.orbit(x0, (), steps=6, precision="mp40")
    ball = M.orbit(x0, (), steps=6, precision="ball30")
    exact = np.array([[float(Fraction(q)) for q in row] for row in ex.states])
    assert np.allclose(fl.states, exact, rtol=1e-13)
    assert np.allclose(np.array(mp.states, dtype=float), exact, rtol=1e-15)
    import mpmath
    for t in range(7):
        for i in range(5):
            q = Fraction(ex.states[t, i])
            lo, hi = Fraction(str(ball.lower[t, i])), Fraction(str(ball.upper[t, i]))
            assert lo <= q <= hi
    assert mpmath.mpf(1)          # mpmath imported for the mp path


def test_cell_map_runs_in_the_engines_nqm_cell_loop():
    ks = (Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(-1, 2))
    cell = spectral_map(ks, "cell")
    run_cell = cell.kernels()["run_cell"]
    x0 = np.array([1e-6, 3.0, 1e-3, 1.0, 0.25, 0.25])     # (u, v, rho, nu_2, nu_3, nu_4)
    regime, t, peak, _, loss, _, loss0 = run_cell(tuple(x0), np.zeros(0), 1.0, 1e-24, 1e100, 20000,
                                                  np.zeros((0, 6)))
    assert regime == 1 and peak > 1e4 * loss0          # a catapult, decided by the engine
