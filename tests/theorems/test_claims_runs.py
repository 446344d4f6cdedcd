"""Cases and trajectories: float64 == iterate(), mp50 agrees, paper constants of a case."""
import math

import numpy as np

from nqm_theory import iterate
from nqm_theory.results import Tolerances
from nqm_theory.theorems import Case, eps_m, trajectory


def test_trajectory_is_bit_identical_to_iterate():
    case = Case(1e6, 2.7, 0.4, -0.3, 1.5, 0.8)
    run = trajectory(case)
    ref = iterate(case.problem, steps=len(run.u) - 1, precision="float64",
                  tolerances=Tolerances(loss_tol=run.u[0] * run.s * 1e-10))
    assert np.array_equal(run.u, ref.trajectory.u)
    assert np.array_equal(run.v, ref.trajectory.v)
    assert run.regime == ref.regime.value == "catapult"


def test_mp50_trajectory_agrees_with_float64():
    case = Case(1e4, 2.5, 1.0, 0.5)
    f, m = trajectory(case), trajectory(case, "mp50")
    assert m.precision == "mp50" and f.regime == m.regime
    n = 30
    assert np.allclose(f.v[:n], [float(x) for x in m.v[:n]], rtol=1e-12, atol=0)


def test_case_constants_match_the_invariant():
    # w^2 = (C^2/m) u and m u(0) = C_u, written from docs/theory.md §3 by hand
    case = Case(1e5, 1.3, 0.7, -0.4, 2.0, 1.5)
    u0, _, w0, _ = case.problem.initial_state()
    r0 = 0.7 + 0.4
    assert math.isclose(case.C_u, 2.0 * 1.5 ** 2 * r0 ** 2)
    assert math.isclose(case.C, 1.5 * math.sqrt(2.0) * 0.4)
    assert math.isclose(u0 * case.m, case.C_u, rel_tol=1e-14)
    assert math.isclose(w0 * w0, case.k * u0, rel_tol=1e-12)


def test_eps_m():
    assert math.isclose(eps_m(1e4), math.log(1e4) / 100)
    assert math.isclose(eps_m(1e4, 3.0), 3 * math.log(1e4) / 100)


def test_realizability_constraint_on_random_nqm_parameters():
    # |2 g| <= lam / sqrt(c) for every parameter vector (H has eigenvalues 0, +-sqrt(c))
    from nqm_theory.params import TwoLayerReLU
    rng = np.random.default_rng(5)
    for seed in range(20):
        m, d = 30, 3
        net = TwoLayerReLU.init(m, d, seed=seed)
        X = rng.standard_normal((1, d))
        U = net.U0 + rng.standard_normal((m, d)) * 3
        V = net.V0 + rng.standard_normal(m) * 3
        g = net.output(U, V, X, kind="quad")[0]
        lam = net.kernel(U, V, X, kind="quad")[0, 0]
        c = float(X[0] @ X[0]) / (m * d)
        assert 4 * c * g * g <= lam * lam * (1 + 1e-12)
    assert not Case(1e4, 0.125, -3.0, 0.0, 1.0, 3.0).realizable      # Hypothesis' find
    assert Case(1e4, 2.5, -3.0, 0.0, 1.0, 3.0).realizable
