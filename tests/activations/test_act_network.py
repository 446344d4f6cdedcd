"""Parameter-space models with any activation: relu agrees with TwoLayerReLU; f_quad is the
second-order Taylor polynomial of f (third-order remainder); gradients by finite differences."""
import numpy as np
import pytest

from nqm_theory._validate import NQMValueError
from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.network import ActivationNetwork, draw_network, unit_example
from nqm_theory.params.network import TwoLayerReLU


def test_relu_is_the_packages_relu_network():
    net = draw_network(make_activation("relu"), 50, 3, seed=2)
    ref = TwoLayerReLU(net.U0, net.V0)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 3))
    U, V = net.U0 + 0.3 * rng.standard_normal((50, 3)), net.V0 + 0.2
    for kind in ("net", "lin", "quad"):
        assert np.allclose(net.output(U, V, X, kind=kind), ref.output(U, V, X, kind=kind))
        assert np.allclose(net.kernel(U, V, X, kind=kind), ref.kernel(U, V, X, kind=kind))


@pytest.mark.parametrize("name", ["tanh", "softplus", "poly", "gelu"])
def test_quad_is_the_taylor_polynomial(name):
    net = draw_network(make_activation(name), 30, 2, seed=1)
    X = np.array([[0.7, -1.1]])
    rng = np.random.default_rng(3)
    dU, dV = rng.standard_normal((30, 2)), rng.standard_normal(30)
    gaps = []
    for t in (1e-1, 5e-2):
        U, V = net.U0 + t * dU, net.V0 + t * dV
        gaps.append(abs(net.output(U, V, X, kind="net")[0] - net.output(U, V, X, kind="quad")[0]))
    assert gaps[0] / gaps[1] == pytest.approx(8, rel=0.15)     # remainder O(t^3)
    # and the linear model misses the second-order term: remainder O(t^2)
    lin = [abs(net.output(net.U0 + t * dU, net.V0 + t * dV, X, kind="net")[0]
               - net.output(net.U0 + t * dU, net.V0 + t * dV, X, kind="lin")[0])
           for t in (2e-3, 1e-3)]
    assert lin[0] / lin[1] == pytest.approx(4, rel=0.05)


@pytest.mark.parametrize("kind", ["net", "lin", "quad"])
def test_gradients_by_finite_differences(kind):
    net = draw_network(make_activation("silu"), 8, 2, seed=0)
    X = np.array([[0.4, 1.3]])
    b = net.bind(X, kind=kind)
    w = b.w0 + 0.1 * np.random.default_rng(1).standard_normal(b.w0.size)
    g = b.gradients(w)[0]
    h = 1e-6
    fd = np.array([(b.output(w + h * e)[0] - b.output(w - h * e)[0]) / (2 * h)
                   for e in np.eye(w.size)])
    assert np.allclose(g, fd, rtol=1e-6, atol=1e-8)
    assert b.kernel(w)[0, 0] == pytest.approx(g @ g, rel=1e-12)


def test_validation():
    with pytest.raises(NQMValueError, match="Activation"):
        ActivationNetwork(np.ones((2, 1)), np.ones(2), None)
    from fractions import Fraction
    U = np.array([[Fraction(k)] for k in (1, -1, 2, 0)], dtype=object)
    V = np.array([Fraction(1)] * 4, dtype=object)
    with pytest.raises(NQMValueError, match="no exact values"):
        ActivationNetwork(U, V, make_activation("tanh"))
    assert unit_example(3).shape == (1, 3)
