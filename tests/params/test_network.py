"""Tests of nqm_theory.params.network (docs/theory.md §1-2, §5)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from params_exact_helpers import exact_net, rational_array

from nqm_theory._validate import NQMValueError
from nqm_theory.params import KINDS, TwoLayerReLU


def paper_four_term(U0, V0, U, V, x, sqrt_m, sqrt_d):
    """docs/theory.md §2 NQM g(u, v; x), coded literally with a loop over neurons."""
    relu = lambda z: z if z >= 0 else 0 * z  # noqa: E731
    ind = lambda z: 1 if z >= 0 else 0  # noqa: E731
    dot = lambda a, b: sum(ai * bi for ai, bi in zip(a, b))  # noqa: E731
    m = len(V0)
    f0 = sum(V0[i] * relu(dot(U0[i], x) / sqrt_d) for i in range(m)) / sqrt_m
    t2 = sum(V0[i] * dot(U[i] - U0[i], x) * ind(dot(U0[i], x)) for i in range(m))
    t3 = sum((V[i] - V0[i]) * relu(dot(U0[i], x) / sqrt_d) for i in range(m))
    t4 = sum((V[i] - V0[i]) * dot(U[i] - U0[i], x) * ind(dot(U0[i], x)) for i in range(m))
    return f0 + t2 / (sqrt_m * sqrt_d) + t3 / sqrt_m + t4 / (sqrt_m * sqrt_d)


def central_fd(net, U, V, X, kind, h=1e-6):
    n = X.shape[0]
    dU, dV = np.zeros((n,) + U.shape), np.zeros((n,) + V.shape)
    for idx in np.ndindex(U.shape):
        Up, Um = U.copy(), U.copy()
        Up[idx] += h
        Um[idx] -= h
        dU[(slice(None),) + idx] = (net.output(Up, V, X, kind=kind)
                                    - net.output(Um, V, X, kind=kind)) / (2 * h)
    for i in range(V.shape[0]):
        Vp, Vm = V.copy(), V.copy()
        Vp[i] += h
        Vm[i] -= h
        dV[:, i] = (net.output(U, Vp, X, kind=kind) - net.output(U, Vm, X, kind=kind)) / (2 * h)
    return dU, dV


@pytest.fixture
def float_setup():
    net = TwoLayerReLU.init(9, 3, seed=3)
    rng = np.random.default_rng(11)
    X = rng.standard_normal((5, 3))
    U = net.U0 + 0.7 * rng.standard_normal(net.U0.shape)   # flips some activations
    V = net.V0 + 0.5 * rng.standard_normal(9)
    return net, X, U, V


def test_init_reproducible_documented_draw_order_and_readonly():
    net = TwoLayerReLU.init(6, 2, seed=5)
    rng = np.random.default_rng(5)
    np.testing.assert_array_equal(net.U0, rng.standard_normal((6, 2)))
    np.testing.assert_array_equal(net.V0, 2.0 * rng.integers(0, 2, size=6) - 1)
    assert (net.m, net.d, net.exact) == (6, 2, False)
    assert not net.U0.flags.writeable and not net.V0.flags.writeable
    with pytest.raises(ValueError):
        net.U0[0, 0] = 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_gradients_match_central_finite_differences(float_setup, kind):
    net, X, U, V = float_setup
    z = U @ X.T / np.sqrt(3)
    assert np.min(np.abs(z)) > 1e-3  # away from the relu kink, so "net" is smooth here
    dU, dV = net.gradients(U, V, X, kind=kind)
    fU, fV = central_fd(net, U, V, X, kind)
    np.testing.assert_allclose(dU, fU, rtol=0, atol=1e-8)
    np.testing.assert_allclose(dV, fV, rtol=0, atol=1e-8)


@pytest.mark.parametrize("kind", KINDS)
def test_kernel_closed_form_matches_explicit_gradients(float_setup, kind):
    net, X, U, V = float_setup
    dU, dV = net.gradients(U, V, X, kind=kind)
    J = np.concatenate([dU.reshape(5, -1), dV], axis=1)
    np.testing.assert_allclose(net.kernel(U, V, X, kind=kind), J @ J.T, rtol=1e-12, atol=0)


def test_kinds_give_different_kernels_away_from_init(float_setup):
    net, X, U, V = float_setup
    K = {k: net.kernel(U, V, X, kind=k) for k in KINDS}
    assert not np.allclose(K["net"], K["quad"]) and not np.allclose(K["quad"], K["lin"])
    np.testing.assert_allclose(K["lin"], net.kernel(net.U0, net.V0, X, kind="net"), rtol=1e-14)


def test_quad_equals_paper_four_term_formula_float(float_setup):
    net, X, U, V = float_setup
    ref = [paper_four_term(net.U0, net.V0, U, V, x, math.sqrt(9), math.sqrt(3)) for x in X]
    np.testing.assert_allclose(net.output(U, V, X, kind="quad"), ref, rtol=1e-12, atol=1e-12)


def test_quad_equals_paper_four_term_formula_exact():
    net, X = exact_net(seed=1)
    rng = np.random.default_rng(2)
    U, V = net.U0 + rational_array(rng, (4, 4)), net.V0 + rational_array(rng, (4,))
    got = net.output(U, V, X, kind="quad")
    assert all(isinstance(g, Fraction) for g in got)
    assert list(got) == [paper_four_term(net.U0, net.V0, U, V, x, 2, 2) for x in X]


def test_lin_and_quad_at_init_equal_net(float_setup):
    net, X, _, _ = float_setup
    f = net.output(net.U0, net.V0, X, kind="net")
    np.testing.assert_array_equal(net.output(net.U0, net.V0, X, kind="lin"), f)
    np.testing.assert_array_equal(net.output(net.U0, net.V0, X, kind="quad"), f)
    for a, b in zip(net.gradients(net.U0, net.V0, X, kind="lin"),
                    net.gradients(net.U0, net.V0, X, kind="net")):
        np.testing.assert_array_equal(a, b)


def test_net_equals_quad_exactly_when_no_activation_flips():
    net, X = exact_net(seed=4)
    z0 = net.U0 @ X.T
    U = net.U0 * Fraction(3, 2)          # positive rescaling keeps every sign pattern
    V = net.V0 + Fraction(1, 3)
    assert np.array_equal(U @ X.T >= 0, z0 >= 0)
    assert list(net.output(U, V, X, kind="net")) == list(net.output(U, V, X, kind="quad"))


def test_net_differs_from_quad_by_the_flipped_neuron_only():
    net = TwoLayerReLU.init(16, 2, seed=8)
    X = np.random.default_rng(9).standard_normal((4, 2))
    U = np.array(net.U0)
    U[3] = -U[3]                          # flip every activation of neuron 3
    z3 = U[3] @ X.T / np.sqrt(2)
    diff = net.output(U, net.V0, X, kind="net") - net.output(U, net.V0, X, kind="quad")
    expected = net.V0[3] * np.abs(z3) / 4.0   # relu(z) - 1{z0>=0} z, with z0 = -z
    assert np.all(np.abs(expected) > 1e-3)
    np.testing.assert_allclose(diff, expected, rtol=1e-12, atol=1e-14)


def test_proposition7_kernel_formula_and_rank_two_for_d1():
    net = TwoLayerReLU.init(50, 1, seed=0)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(6)
    U, V = net.U0 + rng.standard_normal((50, 1)), net.V0 + rng.standard_normal(50)
    s = (net.U0[:, 0][:, None] * x[None, :]) >= 0
    ref = np.einsum("k,ki,kj->ij", U[:, 0] ** 2 + V ** 2, s * x, s * x) / 50
    K = net.kernel(U, V, x[:, None], kind="quad")
    np.testing.assert_allclose(K, ref, rtol=1e-12)
    assert np.linalg.matrix_rank(K) == 2
    p1 = np.where(x >= 0, x, 0.0)
    np.testing.assert_allclose(K @ p1, (p1 @ K @ p1) / (p1 @ p1) * p1, rtol=1e-10)


@pytest.mark.parametrize("kind", KINDS)
def test_exact_mode_gradients_and_kernel_are_exact(kind):
    net, X = exact_net(seed=6)
    rng = np.random.default_rng(7)
    U, V = net.U0 + rational_array(rng, (4, 4)), net.V0 + rational_array(rng, (4,))
    dU, dV = net.gradients(U, V, X, kind=kind)
    J = np.concatenate([dU.reshape(3, -1), dV], axis=1)
    K = net.kernel(U, V, X, kind=kind)
    assert K.dtype == object and all(isinstance(k, Fraction) for k in K.flat)
    assert np.array_equal(K, J @ J.T)


def test_validation_errors_name_the_parameter():
    cases = [
        (lambda: TwoLayerReLU.init(0, 2, seed=0), "`m`"),
        (lambda: TwoLayerReLU.init(3, 2, seed=-1), "`seed`"),
        (lambda: TwoLayerReLU.from_arrays(np.ones((3, 2)), np.ones(2)), "`V0`"),
        (lambda: TwoLayerReLU.from_arrays(np.full((3, 1), Fraction(1), dtype=object),
                                          np.full(3, Fraction(1), dtype=object)), "`m`"),
        (lambda: TwoLayerReLU.from_arrays(np.full((4, 2), Fraction(1), dtype=object),
                                          np.full(4, Fraction(1), dtype=object)), "`d`"),
        (lambda: TwoLayerReLU.from_arrays(np.full((4, 1), 0.5, dtype=object),
                                          np.full(4, Fraction(1), dtype=object)), "`U0`"),
    ]
    net = TwoLayerReLU.init(4, 2, seed=0)
    X = np.ones((3, 2))
    cases += [
        (lambda: net.output(net.U0, net.V0, X, kind="cubic"), "`kind`"),
        (lambda: net.output(net.U0, net.V0, np.ones((3, 3)), kind="net"), "`X`"),
        (lambda: net.output(net.U0, net.V0, np.array([[1.0, np.nan]]), kind="net"), "`X`"),
        (lambda: net.kernel(net.U0[:2], net.V0, X, kind="net"), "`U`"),
        (lambda: net.gradients(net.U0, net.V0[:2], X, kind="net"), "`V`"),
        (lambda: net.output(net.U0, net.V0, X.astype(object), kind="net"), "`X`"),
    ]
    exact, Xe = exact_net()
    cases.append((lambda: exact.output(exact.U0, exact.V0, Xe.astype(float), kind="net"), "`X`"))
    for fn, name in cases:
        with pytest.raises(NQMValueError, match=name):
            fn()


def test_activation_boundary_uses_ge_zero_as_the_paper():
    """A neuron with U0_i . x = 0 is active in the frozen pattern (1{. >= 0}, docs/theory.md §2)."""
    one = Fraction(1)
    U0 = np.array([[one, -one, 0 * one, 0 * one]] * 4, dtype=object) * np.array(
        [[1], [2], [-1], [3]], dtype=object)
    V0 = np.array([one, -one, one, one], dtype=object)
    net = TwoLayerReLU.from_arrays(U0, V0)
    X = np.array([[one, one, one, -one]], dtype=object)     # U0_i . x = 0 for every i
    U = U0 + np.array([[Fraction(1, 3), 0, 0, 0]] * 4, dtype=object)
    quad = net.output(U, V0, X, kind="quad")
    assert quad[0] == paper_four_term(U0, V0, U, V0, X[0], 2, 2) == Fraction(1 + -1 + 1 + 1,
                                                                              3 * 2 * 2)
    dU, _ = net.gradients(U0, V0, X, kind="quad")
    assert all(v != 0 for v in dU[0, :, 0])
    # the network's own derivative convention is relu'(0) = 1 as well
    assert np.array_equal(net.gradients(U0, V0, X, kind="net")[0], dU)
