"""k-output network: against the scalar TwoLayerReLU (independent code) and dense Jacobians."""
import numpy as np
import pytest

from nqm_theory.params import TwoLayerReLU
from nqm_theory.params.multiout import MultiOutputReLU

KINDS = ("net", "lin", "quad")


def _setup(m=30, d=4, k=3, n=7, seed=0):
    net = MultiOutputReLU.init(m, d, k, seed=seed)
    rng = np.random.default_rng(seed + 100)
    X = rng.standard_normal((n, d))
    U = net.U0 + 0.3 * rng.standard_normal(net.U0.shape)
    V = net.V0 + 0.3 * rng.standard_normal(net.V0.shape)
    return net, X, U, V, rng


def _dense_jacobian(net, X, U, V, kind):
    """(n k, m d + m k) Jacobian built from TwoLayerReLU.gradients of each output."""
    n, m, d, k = X.shape[0], net.m, net.d, net.k
    J = np.zeros((n, k, m * d + m * k))
    for c in range(k):
        dU, dV = net.output_network(c).gradients(U, V[:, c], X, kind=kind)
        J[:, c, :m * d] = dU.reshape(n, -1)
        Vpart = np.zeros((n, m, k))
        Vpart[:, :, c] = dV
        J[:, c, m * d:] = Vpart.reshape(n, -1)
    return J.reshape(n * k, -1)


def test_k1_init_equals_two_layer_relu_init():
    a, b = MultiOutputReLU.init(20, 3, 1, seed=4), TwoLayerReLU.init(20, 3, seed=4)
    assert np.array_equal(a.U0, b.U0) and np.array_equal(a.V0[:, 0], b.V0)


@pytest.mark.parametrize("kind", KINDS)
def test_outputs_equal_the_scalar_network_per_output(kind):
    net, X, U, V, _ = _setup()
    F = net.bind(X, kind=kind).output(U, V)
    for c in range(net.k):
        ref = net.output_network(c).output(U, V[:, c], X, kind=kind)
        assert np.allclose(F[:, c], ref, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("kind", KINDS)
def test_vjp_jvp_and_kernel_equal_the_dense_jacobian(kind):
    net, X, U, V, rng = _setup()
    b = net.bind(X, kind=kind)
    J = _dense_jacobian(net, X, U, V, kind)
    R = rng.standard_normal((X.shape[0], net.k))
    gU, gV = b.vjp(U, V, R)
    assert np.allclose(np.concatenate([gU.ravel(), gV.ravel()]), J.T @ R.ravel(), atol=1e-12)
    dU, dV = rng.standard_normal(U.shape), rng.standard_normal(V.shape)
    want = J @ np.concatenate([dU.ravel(), dV.ravel()])
    assert np.allclose(b.jvp(U, V, dU, dV).ravel(), want, atol=1e-12)
    K = J @ J.T
    assert np.allclose(b.kernel(U, V), K, atol=1e-12)
    assert np.allclose(b.kernel_matvec(U, V, R).ravel(), K @ R.ravel(), atol=1e-12)
    summed = K.reshape(X.shape[0], net.k, X.shape[0], net.k).trace(axis1=1, axis2=3)
    assert np.allclose(b.summed_kernel(U, V), summed, atol=1e-12)


def test_vjp_is_the_gradient_of_the_loss_by_finite_differences():
    net, X, U, V, rng = _setup(k=2)
    b = net.bind(X, kind="quad")                   # bilinear in (U, V): exact differences
    Y = rng.standard_normal((X.shape[0], 2))
    loss = lambda U_, V_: 0.5 * np.sum((b.output(U_, V_) - Y) ** 2)
    gU, gV = b.vjp(U, V, b.output(U, V) - Y)
    h = 1e-6
    for (i, j) in [(0, 0), (5, 2), (29, 3)]:
        E = np.zeros_like(U)
        E[i, j] = h
        assert abs((loss(U + E, V) - loss(U - E, V)) / (2 * h) - gU[i, j]) < 1e-6
    E = np.zeros_like(V)
    E[3, 1] = h
    assert abs((loss(U, V + E) - loss(U, V - E)) / (2 * h) - gV[3, 1]) < 1e-6


@pytest.mark.parametrize("k", [1, 3])
def test_top_eigen_equals_dense_eigh(k):
    net, X, U, V, _ = _setup(k=k, n=9)
    b = net.bind(X, kind="net")
    vals, vecs = b.top_eigen(U, V, 2)
    ref_vals, ref_vecs = np.linalg.eigh(_dense_jacobian(net, X, U, V, "net")
                                        @ _dense_jacobian(net, X, U, V, "net").T)
    assert np.allclose(vals, ref_vals[::-1][:2], rtol=1e-9)
    for j in range(2):
        assert abs(abs(vecs[:, j] @ ref_vecs[:, -1 - j]) - 1) < 1e-8


def test_subset_equals_binding_the_rows():
    net, X, U, V, _ = _setup()
    rows = np.array([5, 0, 3])
    for kind in KINDS:
        full = net.bind(X, kind=kind)
        sub, ref = full.subset(rows), net.bind(X[rows], kind=kind)
        assert np.allclose(sub.output(U, V), ref.output(U, V), atol=1e-13)
        R = np.ones((3, net.k))
        assert all(np.allclose(a, c, atol=1e-13) for a, c in zip(sub.vjp(U, V, R),
                                                                 ref.vjp(U, V, R)))
        assert np.allclose(full.output(U, V)[rows], ref.output(U, V), atol=1e-13)
