"""General quadratic models (docs/theory.md §6): dynamics equations, Prop. 10, uv model."""
import numpy as np

from nqm_theory.core.iterate import iterate
from nqm_theory.models import OneExample
from nqm_theory.multi import (
    derive_general_dynamics,
    derive_prop10,
    eigen_projection,
    relu_nqm_as_quadratic,
    step_equation_errors,
)
from nqm_theory.params import TwoLayerReLU, descend, gradient_descent, uv_model


def test_symbolic_general_dynamics():
    D = derive_general_dynamics(2, 2)
    assert D.checks == {"residual_printed": True, "kernel_derived": True,
                        "kernel_printed": False, "kernel_printed_symmetric": False}


def test_prop10_derived_vs_printed():
    P = derive_prop10()
    assert P.one_example_form and not P.matches_printed


def test_step_equations_on_relu_nqm_simulator():
    rng = np.random.default_rng(0)
    net = TwoLayerReLU.init(20, 3, seed=1)
    X, y = rng.normal(size=(4, 3)), rng.normal(size=4)
    qm = relu_nqm_as_quadratic(net, X)
    w0 = net.bind(X, kind="quad").w0
    assert np.allclose(qm.output(w0), net.output(net.U0, net.V0, X, kind="quad"), atol=1e-14)
    e = step_equation_errors(qm, w0, y, 0.4)
    assert e.residual < 1e-12 and e.kernel_derived < 1e-12
    assert e.kernel_printed > 1e-3 * e.scale_kernel_change


def test_uv_model_is_prop10_one_example_map():
    m, x, eta = 400, np.array([0.7, -1.1, 0.4]), 1.0
    qm, w0 = uv_model(m, x, seed=2)
    lam0 = qm.kernel(w0)[0, 0]
    eta = 2.5 / lam0
    h = descend(qm, w0, np.zeros(1), eta=eta, steps=200)
    run = iterate(OneExample(width=m, eta=eta, lam0=lam0, g0=qm.output(w0)[0], y=0.0,
                             x2d=float(x @ x)), steps=200)
    k = run.trajectory.loss.shape[0]
    # relative 1e-9 while the loss is above 1e-8 L(0): below that the simulator's output
    # g ~ sqrt(L) is a sum of O(1) terms and loses relative accuracy by cancellation
    keep = h.loss[:k] > 1e-8 * h.loss[0]
    assert keep.sum() > 10 and np.max(h.loss) > 10 * h.loss[0]   # covers the catapult
    err = np.abs(run.trajectory.loss - h.loss[:k]) / h.loss[:k]
    assert np.max(err[keep]) < 1e-9
    assert run.regime.value == "catapult"


def test_eigen_projection_sums_to_loss():
    net = TwoLayerReLU.init(300, 2, seed=0)
    X, y = np.array([[1., 0.], [0., 1.], [1., 1.], [-1., 0.5]]), np.array([1., -1., .5, 0.])
    h = gradient_descent(net, X, y, eta=0.3, steps=10, top_k=4, record_vectors=True)
    P = eigen_projection(h, y)
    assert np.allclose(P.current.sum(axis=1), h.loss, rtol=1e-12)
    assert np.allclose(P.initial.sum(axis=1) + P.rest_initial, h.loss, rtol=1e-12)


def test_uv_model_several_examples_embedding():
    """uv model f = m^(-1/2) v^T U x on n > 1 inputs: quadratic embedding vs direct formula."""
    rng = np.random.default_rng(5)
    m, n, d = 200, 4, 3
    X = rng.normal(size=(n, d))
    y = rng.normal(size=n)
    qm, w0 = uv_model(m, X, seed=7)
    U, v = w0[:m * d].reshape(m, d), w0[m * d:].copy()
    assert np.allclose(qm.output(w0), v @ U @ X.T / np.sqrt(m), rtol=0, atol=1e-12)
    # Jacobian: df_k/dU = m^(-1/2) v x_k^T, df_k/dv = m^(-1/2) U x_k
    J = np.stack([np.concatenate([np.outer(v, x).ravel(), U @ x]) for x in X]) / np.sqrt(m)
    assert np.allclose(qm.gradients(w0), J, rtol=0, atol=1e-12)
    K = ((v @ v) * (X @ X.T) + (X @ U.T) @ (U @ X.T)) / m
    assert np.allclose(qm.kernel(w0), K, rtol=1e-12)
    # GD through the shared loop vs. hand-written GD on (U, v)
    eta = 2.4 / np.linalg.eigvalsh(K)[-1]
    h = descend(qm, w0, y, eta=eta, steps=60, record_kernel=False)
    for t in range(h.steps + 1):
        r = v @ U @ X.T / np.sqrt(m) - y
        assert abs(0.5 * r @ r - h.loss[t]) <= 1e-9 * h.loss[t]
        gU = np.outer(v, r @ X) / np.sqrt(m)
        gv = U @ (X.T @ r) / np.sqrt(m)
        U, v = U - eta * gU, v - eta * gv
    assert np.max(h.loss) > 2 * h.loss[0] and h.loss[-1] < h.loss[0]   # catapult covered
    assert h.steps == 60
