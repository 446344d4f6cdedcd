"""Reduced several-example system vs. parameter-space GD (docs/theory.md §5)."""
from fractions import Fraction
from functools import lru_cache

import numpy as np
import pytest

from nqm_theory._validate import NQMValueError
from nqm_theory.multi import SeveralExamples, compare_with_paper, iterate_several
from nqm_theory.params import TwoLayerReLU, gradient_descent


def _data(seed, n=10):
    rng = np.random.default_rng(seed)
    x = 1.5 * rng.normal(size=n)
    x[2] = 0.0
    return x[:, None], np.sign(x) + 0.3 * rng.normal(size=n)


FLOAT_CASES = [(10, 300, True), (1000, 300, True), (100_000, 120, False)]


@lru_cache(maxsize=None)
def _float_run(m, steps, record):
    X, y = _data(m)
    net = TwoLayerReLU.init(m, 1, seed=m)
    eta = 2.6 / max(SeveralExamples.from_network(net, X, y, 1.0).lam0)   # catapult
    run = iterate_several(SeveralExamples.from_network(net, X, y, eta), steps=steps)
    h = gradient_descent(net, X, y, eta=eta, steps=steps, kind="quad", top_k=3,
                         record_kernel=record)
    return run, h


@pytest.mark.parametrize("m,steps,record", FLOAT_CASES)
def test_float_trajectories_match_simulator(m, steps, record):
    run, h = _float_run(m, steps, record)
    assert run.trajectory.loss.shape == h.loss.shape
    assert np.max(np.abs(run.trajectory.loss - h.loss) / h.loss) < 1e-9
    assert np.max(run.trajectory.loss) > 2 * run.trajectory.loss[0]
    if record:
        lam = np.sort(run.trajectory.kernel, axis=1)[:, ::-1]
        assert np.max(np.abs(lam - h.kernel_eigs[:, :2]) / h.kernel_eigs[:, :2]) < 1e-9
        assert np.max(np.abs(h.kernel_eigs[:, 2])) < 1e-9 * np.max(h.kernel_eigs)  # rank 2


def test_readme_quotes_the_largest_float_difference(readme_numbers):
    """README: the reduction agrees with parameter-space GD to this relative difference."""
    rel = max(np.max(np.abs(run.trajectory.loss - h.loss) / h.loss)
              for run, h in (_float_run(*case) for case in FLOAT_CASES))
    readme_numbers.check_measured("several_float", (rel,), rel=0.25)


def test_exact_rational_equality_tiny_width():
    F = Fraction
    U0 = np.array([[F(1, 2)], [F(-3, 4)], [F(2)], [F(-1, 3)]], dtype=object)
    V0 = np.array([F(1), F(-1), F(-1), F(1)], dtype=object)
    net = TwoLayerReLU.from_arrays(U0, V0)           # m = 4 (sqrt rational)
    X = np.array([[F(1)], [F(-2)], [F(0)], [F(3, 2)], [F(-1, 2)]], dtype=object)
    y = np.array([F(1), F(-1), F(1, 2), F(1), F(0)], dtype=object)
    eta = F(1, 3)
    run = iterate_several(SeveralExamples.from_network(net, X, y, eta), steps=4,
                          precision="exact")
    h = gradient_descent(net, X, y, eta=eta, steps=4, kind="quad", record_kernel=False)
    assert all(isinstance(a, Fraction) for a in run.trajectory.loss)
    assert list(run.trajectory.loss) == list(h.loss)


def test_frozen_loss_is_prop9_and_constant():
    X, y = _data(3)
    net = TwoLayerReLU.init(200, 1, seed=3)
    h = gradient_descent(net, X, y, eta=0.05, steps=50, kind="quad", record_kernel=False)
    x = X[:, 0]
    basis = np.stack([np.where(x > 0, x, 0), np.where(x < 0, x, 0)], axis=1)
    Q, _ = np.linalg.qr(basis)
    R = h.outputs - y
    perp = R - (R @ Q) @ Q.T
    L_perp = 0.5 * np.sum(perp**2, axis=1)
    assert np.max(np.abs(L_perp - L_perp[0])) < 1e-12 * max(L_perp[0], 1)
    P = SeveralExamples.from_network(net, X, y, 0.05)
    assert abs(P.frozen_loss - L_perp[0]) < 1e-12


def test_paper_w_differs_but_u_v_agree():
    net = TwoLayerReLU.init(500, 1, seed=0)
    X, y = np.array([[1.0], [2.0], [-1.5]]), np.array([1.0, 1.0, -1.0])
    cmp = compare_with_paper(net, X, y, 0.3, steps=50)
    # S-: one example, printed w lacks the factor x^2 = 2.25
    assert abs(cmp.w_exact[1] / cmp.w_paper[1] - 2.25) < 1e-12
    assert cmp.one_step_rel_error[0] > 1e-4 and cmp.max_rel_error[0] > 1e-5


def test_validation():
    net = TwoLayerReLU.from_arrays(np.array([[0.0], [1.0]]), np.array([1.0, -1.0]))
    with pytest.raises(NQMValueError, match="U0_i != 0"):
        SeveralExamples.from_network(net, np.array([[1.0]]), np.array([1.0]), 0.1)
    net2 = TwoLayerReLU.init(4, 2, seed=0)
    with pytest.raises(NQMValueError, match="d = 1"):
        SeveralExamples.from_network(net2, np.ones((1, 2)), np.array([1.0]), 0.1)
