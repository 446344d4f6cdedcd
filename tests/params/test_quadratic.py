"""Tests of nqm_theory.params.quadratic (docs/theory.md §2, §6)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from nqm_theory._validate import NQMValueError
from nqm_theory.params import (
    QuadraticModel,
    TwoLayerReLU,
    descend,
    gradient_descent,
    uv_model,
    uv_sigma,
)


def rational_array(rng, shape, den=5, lo=-6, hi=7):
    out = np.empty(shape, dtype=object)
    for idx, v in np.ndenumerate(rng.integers(lo, hi, size=shape)):
        out[idx] = Fraction(int(v), den)
    return out


def random_exact_model(seed, n=3, p=4):
    rng = np.random.default_rng(seed)
    S = rational_array(rng, (n, p, p))
    S = S + S.transpose(0, 2, 1)
    return QuadraticModel(rational_array(rng, (n, p)), S, Fraction(1, 3)), rng


def relu_nqm_as_quadratic(net, X):
    """§2 NQM as phi = 0, gamma = (md)^{-1/2}, Sigma_k = masked uv Sigma(x_k)."""
    s = (net.U0 @ X.T) >= 0                                   # (m, n)
    Sig = []
    for k, x in enumerate(X):
        mask = np.concatenate([np.repeat(s[:, k], net.d), s[:, k]])
        Sig.append(uv_sigma(net.m, x) * np.outer(mask, mask))
    exact = net.exact
    gamma = Fraction(1, 4) if exact else 1 / np.sqrt(net.m * net.d)
    phi = np.full((len(X), net.m * (net.d + 1)), Fraction(0) if exact else 0.0,
                  dtype=object if exact else float)
    return QuadraticModel(phi, np.stack(Sig), gamma)


def test_uv_model_agrees_with_direct_formula():
    m, X = 5, np.random.default_rng(0).standard_normal((3, 2))
    qm, w0 = uv_model(m, X, seed=4)
    rng = np.random.default_rng(4)
    np.testing.assert_array_equal(w0[:10], rng.standard_normal((5, 2)).ravel())
    np.testing.assert_array_equal(w0[10:], 2.0 * rng.integers(0, 2, size=5) - 1)
    w = np.random.default_rng(1).standard_normal(15)
    U, v = w[:10].reshape(5, 2), w[10:]
    np.testing.assert_allclose(qm.output(w), (v @ U @ X.T) / np.sqrt(m), rtol=1e-13)
    J = np.stack([np.concatenate([np.outer(v, x).ravel(), U @ x]) for x in X]) / np.sqrt(m)
    np.testing.assert_allclose(qm.gradients(w), J, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(qm.kernel(w), J @ J.T, rtol=1e-13)


def test_uv_sigma_cube_identity_and_square_only_for_d1():
    x2 = np.array([Fraction(1, 2), Fraction(-3, 4)], dtype=object)
    S = uv_sigma(3, x2)
    nx2 = x2 @ x2
    assert S.shape == (9, 9) and np.array_equal(S, S.T)
    assert np.array_equal(S @ S @ S, nx2 * S)                   # holds for every d
    assert not np.array_equal(S @ S, nx2 * np.eye(9, dtype=int))  # Sigma^2 = |x|^2 I fails, d=2
    S1 = uv_sigma(3, np.array([Fraction(2, 3)], dtype=object))
    assert np.array_equal(S1 @ S1, Fraction(4, 9) * np.eye(6, dtype=int))


def test_quadratic_gradients_match_finite_differences_and_exact_output():
    qm, rng = random_exact_model(0)
    w = rational_array(rng, (4,))
    ref = [sum(qm.phi[k, i] * w[i] for i in range(4)) + qm.gamma / 2 * sum(
        w[i] * qm.Sigma[k, i, j] * w[j] for i in range(4) for j in range(4)) for k in range(3)]
    assert list(qm.output(w)) == ref
    fq = QuadraticModel(qm.phi.astype(float), qm.Sigma.astype(float), 1 / 3)
    wf, h = w.astype(float), 1e-5
    fd = np.stack([(fq.output(wf + h * e) - fq.output(wf - h * e)) / (2 * h)
                   for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(fq.gradients(wf), fd, rtol=0, atol=1e-9)
    G = qm.gradients(w)
    r = rational_array(rng, (3,))
    assert np.array_equal(qm.vjp(w, r), r @ G) and np.array_equal(qm.kernel(w), G @ G.T)


@pytest.mark.parametrize("exact", [False, True])
def test_relu_nqm_as_quadratic_model_shares_the_gd_loop(exact):
    if exact:
        rng = np.random.default_rng(3)
        U0 = rational_array(rng, (4, 4))
        V0 = np.array([Fraction(int(s)) for s in (1, -1, -1, 1)], dtype=object)
        net, X = TwoLayerReLU.from_arrays(U0, V0), rational_array(rng, (2, 4), den=3)
        y, eta, steps = np.array([Fraction(1), Fraction(-1, 2)], dtype=object), Fraction(2), 3
    else:
        net = TwoLayerReLU.init(20, 2, seed=5)
        X = np.random.default_rng(6).standard_normal((4, 2))
        y, eta, steps = np.array([1.0, -1.0, 0.5, 0.0]), 0.8, 25
    qm = relu_nqm_as_quadratic(net, X)
    w0 = np.concatenate([net.U0.ravel(), net.V0])
    hq = descend(qm, w0, y, eta=eta, steps=steps)
    hn = gradient_descent(net, X, y, eta=eta, steps=steps, kind="quad")
    assert hq.kind == "quadratic" and hq.U is None
    if exact:
        assert np.array_equal(hq.outputs, hn.outputs)
        assert np.array_equal(hq.w, np.concatenate([hn.U.ravel(), hn.V]))
    else:
        np.testing.assert_allclose(hq.outputs, hn.outputs, rtol=1e-11, atol=1e-13)
        # K has an exact zero eigenvalue here (3 of the 4 points share one activation
        # pattern and d = 2), so compare that one at the rounding level
        np.testing.assert_allclose(hq.kernel_eigs, hn.kernel_eigs, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("d", [1, 2])
def test_proposition10_map_exact_with_gamma_squared(d):
    """phi = 0, y = 0: g' = (1 - eta lam + gamma^2 eta^2 |x|^2 g^2) g and
    lam' = lam - eta gamma^2 |x|^2 g^2 (4 - eta lam).  (docs/theory.md §6 prints gamma, and no eta
    in the lam update; with gamma = m^{-1/2} only gamma^2 = 1/m matches §3.)"""
    rng = np.random.default_rng(d)
    x = rational_array(rng, (d,), den=2, lo=1, hi=4)
    qm = QuadraticModel(np.full((1, 4 * d + 4), Fraction(0), dtype=object),
                        uv_sigma(4, x)[None], Fraction(1, 2))
    w0 = rational_array(rng, (4 * d + 4,), den=2)
    lam0 = qm.kernel(w0)[0, 0]
    eta = Fraction(round(3 / lam0 * 8), 8)
    assert 2 < eta * lam0 < 4
    h = descend(qm, w0, np.array([Fraction(0)], dtype=object), eta=eta, steps=4)
    g, lam, c = h.outputs[:, 0], h.kernel_eigs[:, 0], qm.gamma ** 2 * (x @ x)
    for t in range(4):
        assert g[t + 1] == (1 - eta * lam[t] + c * eta ** 2 * g[t] ** 2) * g[t]
        assert lam[t + 1] == lam[t] - eta * c * g[t] ** 2 * (4 - eta * lam[t])
    printed_c = qm.gamma * (x @ x)
    assert g[1] != (1 - eta * lam[0] + printed_c * eta ** 2 * g[0] ** 2) * g[0]
    assert lam[1] != lam[0] - printed_c * g[0] ** 2 * (4 - eta * lam[0])


def test_section6_general_dynamics_exact():
    """f' - y = (I - eta K + eta^2/2 G J^T) r;  K' = K - eta (G J^T + J G^T) + eta^2 G G^T,
    with J = grad f (n, p) and G_i = r^T J H_f(x_i).  docs/theory.md §6 prints
    K' = K - eta/4 (4 G J^T - eta G G^T), which is not symmetric and is checked to differ."""
    qm, rng = random_exact_model(7)
    w0, y, eta = rational_array(rng, (4,)), rational_array(rng, (3,)), Fraction(1, 5)
    h = descend(qm, w0, y, eta=eta, steps=1)
    assert h.kernel_eigs is None
    J, K, r = qm.gradients(w0), qm.kernel(w0), h.outputs[0] - y
    G = np.stack([r @ J @ (qm.gamma * qm.Sigma[i]) for i in range(3)])
    eye = np.eye(3, dtype=int)
    assert np.array_equal(h.outputs[1] - y, (eye - eta * K + eta ** 2 / 2 * (G @ J.T)) @ r)
    K1 = qm.kernel(h.w)
    assert np.array_equal(K1, K - eta * (G @ J.T + J @ G.T) + eta ** 2 * (G @ G.T))
    assert not np.array_equal(K1, K - eta / 4 * (4 * (G @ J.T) - eta * (G @ G.T)))


def test_uv_model_catapult_smoke():
    """§6: uv model with y = 0 and 2 < eta lam0 < 4: loss spikes, then converges; lam drops."""
    qm, w0 = uv_model(200, np.array([1.0]), seed=0)
    lam0 = qm.kernel(w0)[0, 0]
    h = descend(qm, w0, np.zeros(1), eta=3.0 / lam0, steps=400)
    assert not h.diverged
    assert h.loss.max() > 10 * h.loss[0] and h.loss[-1] < 1e-12
    assert h.kernel_eigs[-1, 0] < 2 / (3.0 / lam0) < lam0


def test_quadratic_validation_errors_name_the_parameter():
    S = np.zeros((1, 2, 2))
    cases = [
        (lambda: QuadraticModel(np.zeros((1, 2)), np.array([[[0.0, 1.0], [0.0, 0.0]]]), 1.0),
         "`Sigma`"),
        (lambda: QuadraticModel(np.zeros((1, 2)), np.zeros((1, 3, 3)), 1.0), "`Sigma`"),
        (lambda: QuadraticModel(np.zeros(2), S, 1.0), "`phi`"),
        (lambda: QuadraticModel(np.zeros((1, 2)), S, float("inf")), "`gamma`"),
        (lambda: QuadraticModel(np.zeros((1, 2), dtype=int).astype(object),
                                S.astype(int).astype(object), 0.5), "`gamma`"),
        (lambda: QuadraticModel(np.zeros((1, 2)), S, 1.0).output(np.zeros(3)), "`w`"),
        (lambda: uv_model(0, np.ones(2), seed=0), "`m`"),
        (lambda: uv_model(2, np.ones((1, 1, 2)), seed=0), "`x`"),
        (lambda: uv_sigma(2, np.ones((2, 2))), "`x`"),
    ]
    for fn, name in cases:
        with pytest.raises(NQMValueError, match=name):
            fn()
