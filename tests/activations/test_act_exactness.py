"""The reduced maps against parameter-space GD of the same NQM (an independent route).

Parameter space: :class:`ActivationNetwork` with the full U (m, d), V and the Taylor
formula of f_quad (kind "quad"), run by ``descend``.  Reduced: the population map of the
derived identities A1-A3 (2 numbers per neuron and rho).  Float64 over whole catapult runs
(1e-9 relative, measured against the largest residual of the run, where the parameter-space
residual g - y loses digits by cancellation once it is tiny), and exact rationals.
"""
import math
from fractions import Fraction

import numpy as np
import pytest

from nqm_theory.activations.catalogue import ACTIVATIONS, make_activation
from nqm_theory.activations.network import ActivationNetwork, draw_network, unit_example
from nqm_theory.activations.population import population, run_population
from nqm_theory.activations.spectral import spectral_map, spectral_state
from nqm_theory.params.gd import descend


def _compare(act, m, d, seed, v0, y=0.5, steps=None, xscale=1.0):
    net = draw_network(act, m, d, seed=seed)
    X = xscale * unit_example(d)                   # a = |x|^2/d = xscale^2
    bound = net.bind(X, kind="quad")
    lam0 = float(bound.kernel(bound.w0)[0, 0])
    eta = v0 / lam0
    zs = (net.U0 @ X[0]) / math.sqrt(d)
    P = population(act, zs, net.V0, a=xscale**2)
    g0 = float(bound.output(bound.w0)[0])
    run = run_population(P, eta, eta * (g0 - y) / math.sqrt(m), steps=steps or 3000,
                         record=True, scale=m / (2 * eta**2))
    T = run.steps
    h = descend(bound, bound.w0, np.array([y]), eta=eta, steps=T, overflow=1e100)
    r_par = h.outputs[:, 0] - y
    r_red = run.rho.astype(float) * math.sqrt(m) / eta
    lam_red = run.v.astype(float) / eta
    n = min(len(r_par), len(r_red))
    assert n == T + 1
    fin = np.isfinite(r_par) & np.isfinite(r_red) & (np.abs(r_par) < 1e40)
    assert fin.sum() >= n - 1
    err_r = np.max(np.abs(r_par[fin] - r_red[fin])) / np.max(np.abs(r_par[fin]))
    ok = np.isfinite(h.kernel_eigs[:, 0]) & np.isfinite(lam_red[:n])
    assert ok.sum() >= n - 1                      # at most the diverged last step
    err_lam = np.max(np.abs(h.kernel_eigs[ok, 0] - lam_red[ok]) / h.kernel_eigs[ok, 0])
    big = fin & (np.abs(r_par) >= 1e-6 * np.max(np.abs(r_par[fin])))
    err_point = np.max(np.abs(r_par[big] - r_red[big]) / np.abs(r_par[big]))
    return run, max(err_r, err_point), err_lam


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_population_map_equals_parameter_space_gd(name):
    act = make_activation(name)
    worst = 0.0
    for m, seed in ((64, 0), (256, 1), (1024, 2)):
        run, er, el = _compare(act, m, 3, seed, v0=2.6 if name in ("tanh", "erf") else 3.3)
        assert run.regime.value == "catapult"
        worst = max(worst, er, el)
    assert worst < 1e-9, worst


@pytest.mark.exhaustive
def test_exactness_sweep_report():
    """Widths 64..4096, seeds 0..4, every activation: prints the worst errors."""
    for name in ACTIVATIONS:
        act = make_activation(name)
        worst = 0.0
        for m in (64, 256, 1024, 4096):
            for seed in range(5):
                run, er, el = _compare(act, m, 3, seed, v0=2.6 if name in ("tanh", "erf")
                                       else 3.3)
                worst = max(worst, er, el)
        print(f"{name}: max relative error {worst:.3g} (widths 64..4096, seeds 0..4)")
        assert worst < 1e-9


@pytest.mark.parametrize("name", ["tanh", "poly", "leaky_relu"])
def test_input_norm_enters_through_a(name):
    run, er, el = _compare(make_activation(name), 128, 2, 4, v0=2.6, xscale=1.7)
    assert run.regime.value == "catapult" and er < 1e-9 and el < 1e-9


def test_users_own_activation():
    import sympy as sp

    from nqm_theory.activations.catalogue import custom_activation
    t = sp.Symbol("t")
    act = custom_activation(sp.sin(t) + t / 2 + t**2 / 5, name="mine")
    run, er, el = _compare(act, 128, 3, 0, v0=2.7)
    assert run.regime.value == "catapult" and er < 1e-9 and el < 1e-9


def test_divergent_run_agrees_until_it_diverges():
    run, er, el = _compare(make_activation("tanh"), 128, 2, 3, v0=3.6)
    assert run.regime.value == "divergent"
    assert er < 1e-9 and el < 1e-9


def _exact_net(act, m=4, d=4, seed=0):
    rng = np.random.default_rng(seed)
    U0 = np.array([[Fraction(int(k), 4) for k in row] for row in rng.integers(-6, 7, (m, d))],
                  dtype=object)
    V0 = np.array([Fraction(int(s)) for s in 2 * rng.integers(0, 2, m) - 1], dtype=object)
    return ActivationNetwork(U0, V0, act)


@pytest.mark.parametrize("name,param", [("relu", None), ("leaky_relu", Fraction(1, 4)),
                                        ("abs", None), ("linear", None),
                                        ("poly", Fraction(1, 2))])
def test_exact_rationals(name, param):
    act = make_activation(name, param)
    net = _exact_net(act)
    X = unit_example(4, exact=True)
    bound = net.bind(X, kind="quad")
    y = Fraction(1, 3)
    lam0 = bound.kernel(bound.w0)[0, 0]
    eta = Fraction(3) / lam0
    steps = 4
    h = descend(bound, bound.w0, np.array([y], dtype=object), eta=eta, steps=steps)
    zs = [sum(row) / 2 for row in net.U0]          # U0 . x / sqrt(d), x = (1, 1, 1, 1)
    P = population(act, zs, list(net.V0))
    assert P.kind == "exact" and P.lam() == lam0
    rho0 = eta * (h.outputs[0, 0] - y) / 2        # sqrt(m) = 2
    run = run_population(P, eta, rho0, steps=steps, precision="exact", record=True,
                         scale=Fraction(1))
    assert list(run.rho * 2 / eta) == [F - y for F in h.outputs[:, 0]]
    assert list(run.v) == [eta * k for k in h.kernel_eigs[:, 0]]
    if act.piecewise_linear:                      # the spectral CompiledMap, exact
        ks, st = spectral_state(act, zs, list(net.V0), eta, rho0)
        orb = spectral_map(ks).orbit(st, (), steps=steps, precision="exact")
        assert [Fraction(x) for x in orb.states[:, 0]] == list(run.rho)
        assert [sum(Fraction(x) for x in row[1:]) for row in orb.states] == list(run.v)


def test_population_map_in_mp_and_exact():
    import mpmath
    act = make_activation("poly", Fraction(1, 4))
    zs = [Fraction(k, 7) for k in (-9, -2, 3, 5, 11, 14)]
    vs = [1, -1, 1, 1, -1, -1]
    P = population(act, zs, vs)
    eta, rho0 = Fraction(3) / P.lam(), Fraction(-1, 50)
    ex = run_population(P, eta, rho0, steps=6, precision="exact", record=True, scale=1)
    mp = run_population(P, eta, rho0, steps=6, precision="mp60", record=True, scale=1)
    fl = run_population(P, float(eta), float(rho0), steps=6, record=True, scale=1.0)
    with mpmath.workdps(60):
        for a, b in zip(ex.rho, mp.rho):
            assert abs(mpmath.mpf(a.numerator) / a.denominator - b) < mpmath.mpf(10)**-50
    assert np.allclose(fl.rho, [float(q) for q in ex.rho], rtol=1e-12)
    tanh = make_activation("tanh")
    Pt = population(tanh, [0.3, -1.1, 0.8, 2.2], [1, -1, -1, 1])
    a = run_population(Pt, 2.7 / float(Pt.lam()), 1e-3, steps=60, record=True, scale=1.0)
    b = run_population(Pt, 2.7 / float(Pt.lam()), 1e-3, steps=60, record=True, scale=1.0,
                       precision="mp40")
    assert np.allclose(a.rho, np.array(b.rho, dtype=float), rtol=1e-9, atol=1e-15)
