"""Tests of nqm_theory.params.gd (docs/theory.md §1, §3)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from params_exact_helpers import exact_net, rational_array

from nqm_theory._validate import NQMValueError
from nqm_theory.params import KINDS, TwoLayerReLU, descend, gradient_descent


def hand_gd(U0, V0, X, y, eta, steps, kind, sqrt_m, sqrt_d):
    """Independent GD on the network ("net") or its NQM ("quad"), neuron by neuron."""
    m, d = len(V0), len(U0[0])
    U, V = [list(row) for row in U0], list(V0)
    dot = lambda a, b: sum(ai * bi for ai, bi in zip(a, b))  # noqa: E731
    outs = []
    for t in range(steps + 1):
        z = [[dot(U[i], x) / sqrt_d for x in X] for i in range(m)]
        act = [[(dot(U0[i], x) >= 0) if kind == "quad" else (z[i][k] >= 0)
                for k, x in enumerate(X)] for i in range(m)]
        f = [sum(V[i] * z[i][k] for i in range(m) if act[i][k]) / sqrt_m for k in range(len(X))]
        outs.append(f)
        if t == steps:
            break
        r = [fk - yk for fk, yk in zip(f, y)]
        newU, newV = [], []
        for i in range(m):
            gV = sum(r[k] * z[i][k] for k in range(len(X)) if act[i][k]) / sqrt_m
            gU = [sum(r[k] * V[i] * X[k][j] for k in range(len(X)) if act[i][k])
                  / (sqrt_m * sqrt_d) for j in range(d)]
            newU.append([U[i][j] - eta * gU[j] for j in range(d)])
            newV.append(V[i] - eta * gV)
        U, V = newU, newV
    return outs, U, V


@pytest.mark.parametrize("kind", ["quad", "net"])
@pytest.mark.parametrize("d", [1, 4])
def test_exact_gd_equals_hand_expanded_neuron_updates(kind, d):
    net, X = exact_net(seed=10 + d, m=4, d=d, n=2)
    y = np.array([Fraction(1, 2), Fraction(-1, 3)], dtype=object)
    eta = Fraction(3, 2)
    h = gradient_descent(net, X, y, eta=eta, steps=3, kind=kind)
    outs, U, V = hand_gd(net.U0, net.V0, X, y, eta, 3, kind, Fraction(2),
                         Fraction(1 if d == 1 else 2))
    assert h.outputs.dtype == object and all(isinstance(v, Fraction) for v in h.outputs.flat)
    assert h.outputs.tolist() == outs
    assert h.U.tolist() == U and h.V.tolist() == V
    assert h.kernel_eigs is None   # exact mode, n > 1: not recorded
    assert h.loss.tolist() == [sum((a - b) ** 2 for a, b in zip(f, y)) / 2 for f in outs]


def test_exact_one_example_obeys_section3_map():
    """§3: r' = (1 - eta lam + c eta^2 r g) r, lam' = lam - eta c r^2 (4 g / r - eta lam)."""
    net, X = exact_net(seed=3, m=4, d=4, n=1)
    y = np.array([Fraction(1, 3)], dtype=object)
    lam0 = net.kernel(net.U0, net.V0, X, kind="quad")[0, 0]
    eta = Fraction(round(3 / lam0 * 16), 16)        # eta * lam0 ~ 3: catapult regime
    assert 2 < eta * lam0 < 4
    h = gradient_descent(net, X, y, eta=eta, steps=4, kind="quad")
    c = sum(v * v for v in X[0]) / (4 * 4)
    g, lam = h.outputs[:, 0], h.kernel_eigs[:, 0]
    assert all(isinstance(v, Fraction) for v in lam)
    for t in range(4):
        r = g[t] - y[0]
        assert g[t + 1] - y[0] == (1 - eta * lam[t] + c * eta ** 2 * r * g[t]) * r
        assert lam[t + 1] == lam[t] - eta * c * r ** 2 * (4 * g[t] / r - eta * lam[t])


@pytest.mark.parametrize("factor", [1.5, 2.2])
def test_lin_gd_obeys_constant_kernel_recursion(factor):
    net = TwoLayerReLU.init(200, 2, seed=1)
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((6, 2)), rng.standard_normal(6)
    K0 = net.kernel(net.U0, net.V0, X, kind="lin")
    eta = factor / np.linalg.eigvalsh(K0)[-1]
    h = gradient_descent(net, X, y, eta=eta, steps=15, kind="lin")
    assert h.steps == 15 and not h.diverged
    for t in range(15):
        r, r1 = h.outputs[t] - y, h.outputs[t + 1] - y
        pred = r - eta * (K0 @ r)
        assert np.linalg.norm(r1 - pred) <= 1e-12 * np.linalg.norm(r1)
    # the eigenvalue record is the constant K0 spectrum
    np.testing.assert_allclose(h.kernel_eigs, np.tile(np.linalg.eigvalsh(K0)[::-1], (16, 1)),
                               rtol=1e-12)


def test_lin_gd_recursion_exact():
    net, X = exact_net(seed=5, m=4, d=1, n=3)
    y = rational_array(np.random.default_rng(0), (3,), den=5)
    K0 = net.kernel(net.U0, net.V0, X, kind="lin")
    eta = Fraction(2, 3)
    h = gradient_descent(net, X, y, eta=eta, steps=4, kind="lin")
    for t in range(4):
        r = h.outputs[t] - y
        assert np.array_equal(h.outputs[t + 1] - y, r - eta * (K0 @ r))


@pytest.mark.parametrize("kind", KINDS)
def test_mean_loss_equals_sum_loss_with_eta_over_n(kind):
    net = TwoLayerReLU.init(64, 3, seed=4)
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((5, 3)), rng.standard_normal(5)
    hm = gradient_descent(net, X, y, eta=2.0, steps=20, kind=kind, loss="mean")
    hs = gradient_descent(net, X, y, eta=2.0 / 5, steps=20, kind=kind, loss="sum")
    np.testing.assert_allclose(hm.outputs, hs.outputs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(hm.U, hs.U, rtol=1e-12, atol=0)
    np.testing.assert_allclose(hm.loss, hs.loss / 5, rtol=1e-12, atol=0)
    assert (hm.loss_convention, hs.loss_convention) == ("mean", "sum")
    # and the convention matters: "mean" with eta is not "sum" with eta
    h2 = gradient_descent(net, X, y, eta=2.0, steps=20, kind=kind, loss="sum")
    assert not np.allclose(h2.outputs, hm.outputs)


def test_mean_loss_equals_sum_loss_exact():
    net, X = exact_net(seed=8, m=4, d=4, n=3)
    y = rational_array(np.random.default_rng(1), (3,), den=2)
    hm = gradient_descent(net, X, y, eta=Fraction(3), steps=3, kind="quad", loss="mean")
    hs = gradient_descent(net, X, y, eta=Fraction(1), steps=3, kind="quad", loss="sum")
    assert np.array_equal(hm.outputs, hs.outputs) and np.array_equal(hm.V, hs.V)
    assert np.array_equal(hm.loss * 3, hs.loss)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("overflow", [1e100, np.inf])
def test_divergence_is_flagged_without_warnings(kind, overflow):
    net = TwoLayerReLU.init(100, 2, seed=6)
    X = np.random.default_rng(7).standard_normal((4, 2))
    y = np.ones(4)
    lam = np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind=kind))[-1]
    h = gradient_descent(net, X, y, eta=50 / lam, steps=100000, kind=kind, overflow=overflow,
                         top_k=2)
    assert h.diverged and 0 < h.steps < 100000
    assert len(h.loss) == h.steps + 1 == h.outputs.shape[0] == h.kernel_eigs.shape[0]
    assert not (np.isfinite(h.loss[-1]) and h.loss[-1] <= overflow)
    assert np.all(np.isfinite(h.loss[:-1])) and np.all(h.loss[:-1] <= overflow)
    assert np.all(np.isnan(h.kernel_eigs[-1]))


def test_divergence_exact_mode():
    net, X = exact_net(seed=2, m=4, d=4, n=1)
    h = gradient_descent(net, X, np.array([Fraction(1)], dtype=object), eta=Fraction(40),
                         steps=50, kind="quad")
    assert h.diverged and h.steps < 50 and h.loss[-1] > 1e100


def test_converging_run_is_not_flagged_and_loss_matches_outputs():
    net = TwoLayerReLU.init(500, 1, seed=0)
    # d = 1 and no bias: f is positively homogeneous, so y must scale with x on each side
    X, y = np.array([[1.0], [-0.5], [2.0]]), np.array([1.0, -0.5, 2.0])
    h = gradient_descent(net, X, y, eta=0.3, steps=50, kind="net")
    assert not h.diverged and h.steps == 50 and h.kind == "net"
    np.testing.assert_allclose(h.loss, 0.5 * np.sum((h.outputs - y) ** 2, axis=1), rtol=1e-14)
    assert h.loss[-1] < 1e-3 * h.loss[0]


def test_kernel_eigs_and_vectors_are_recorded_correctly():
    net = TwoLayerReLU.init(300, 1, seed=2)
    X = np.random.default_rng(3).standard_normal((8, 1))
    y = np.sign(X[:, 0])
    lam = np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind="quad"))[-1]
    h = gradient_descent(net, X, y, eta=3.0 / lam, steps=5, kind="quad", top_k=2,
                         record_vectors=True)
    assert not h.diverged and h.kernel_eigs[-1, 0] < h.kernel_eigs[0, 0]  # catapult began
    K = net.kernel(h.U, h.V, X, kind="quad")
    assert h.kernel_eigs.shape == (6, 2) and h.kernel_vecs.shape == (6, 8, 2)
    np.testing.assert_allclose(h.kernel_eigs[-1], np.linalg.eigvalsh(K)[::-1][:2], rtol=1e-12)
    vecs = h.kernel_vecs[-1]
    np.testing.assert_allclose(K @ vecs, vecs * h.kernel_eigs[-1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=0), 1.0, rtol=1e-14)
    assert np.all(vecs[np.argmax(np.abs(vecs), axis=0), [0, 1]] > 0)


def test_callback_can_stop_and_sees_the_state():
    net = TwoLayerReLU.init(16, 1, seed=0)
    X, y = np.array([[1.0]]), np.array([2.0])
    seen = []

    def cb(t, w, F, L):
        seen.append((t, w.shape, L))
        return t == 3

    h = gradient_descent(net, X, y, eta=0.1, steps=10, callback=cb)
    assert h.steps == 3 and not h.diverged and len(h.loss) == 4
    assert seen == [(t, (32,), h.loss[t]) for t in range(4)]


def test_descend_on_bound_network_equals_gradient_descent():
    net = TwoLayerReLU.init(32, 2, seed=1)
    X, y = np.array([[1.0, 0.0], [0.3, -1.0]]), np.array([0.5, 1.0])
    b = net.bind(X, kind="net")
    h1 = descend(b, b.w0, y, eta=0.7, steps=10)
    h2 = gradient_descent(net, X, y, eta=0.7, steps=10, kind="net")
    np.testing.assert_array_equal(h1.w, b.join(h2.U, h2.V))
    np.testing.assert_allclose(b.gradients(h1.w).T @ (h1.outputs[-1] - y),
                               b.vjp(h1.w, h1.outputs[-1] - y), rtol=1e-13, atol=1e-15)


def test_gd_validation_errors_name_the_parameter():
    net = TwoLayerReLU.init(4, 1, seed=0)
    X, y = np.array([[1.0], [2.0]]), np.array([0.0, 1.0])
    enet, eX = exact_net(m=4, d=1, n=2)
    ey = np.array([Fraction(0), Fraction(1)], dtype=object)
    cases = [
        (dict(eta=0.0), "`eta`"), (dict(eta=float("nan")), "`eta`"), (dict(steps=-1), "`steps`"),
        (dict(loss="avg"), "`loss`"), (dict(top_k=0), "`top_k`"), (dict(top_k=3), "`top_k`"),
        (dict(record_kernel=False, record_vectors=True), "`record_vectors`"),
        (dict(overflow=0.0), "`overflow`"), (dict(overflow=-np.inf), "`overflow`"),
        (dict(callback=3), "`callback`"), (dict(kind="cubic"), "`kind`"),
        (dict(y=np.zeros(3)), "`y`"),
    ]
    for kw, name in cases:
        args = dict(eta=0.1, steps=2, y=y) | kw
        with pytest.raises(NQMValueError, match=name):
            gradient_descent(net, X, args.pop("y"), **args)
    with pytest.raises(NQMValueError, match="`eta`"):
        gradient_descent(enet, eX, ey, eta=0.5, steps=1)
    with pytest.raises(NQMValueError, match="`y`"):
        gradient_descent(enet, eX, y, eta=Fraction(1, 2), steps=1)
