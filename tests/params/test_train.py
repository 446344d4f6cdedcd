"""GD / SGD training with conventions and records, checked against independent computations."""
import numpy as np
import pytest

from nqm_theory import NQMValueError
from nqm_theory.params import TwoLayerReLU
from nqm_theory.params.multiout import MultiOutputReLU
from nqm_theory.params.record import kernel_alignment
from nqm_theory.params.train import initial_critical_rate, train


def _data(n=12, d=3, k=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    Y = rng.standard_normal((n, k))
    Xt, Yt = rng.standard_normal((5, d)), rng.standard_normal((5, k))
    return X, Y, Xt, Yt


def _dense_lam_max(net, X):
    """lambda_max of the (n k) x (n k) NTK from TwoLayerReLU per-example gradients."""
    n, m, d, k = X.shape[0], net.m, net.d, net.k
    J = np.zeros((n, k, m * d + m * k))
    for c in range(k):
        dU, dV = net.output_network(c).gradients(net.U0, net.V0[:, c], X, kind="net")
        J[:, c, :m * d] = dU.reshape(n, -1)
        J[:, c, m * d + c::k] = dV          # V flattened row-major: V[i, c] at i*k + c
    J = J.reshape(n * k, -1)
    return np.linalg.eigvalsh(J @ J.T)[-1]


@pytest.mark.parametrize("conv,factor", [("sum_half", lambda n: 2.0), ("mean_half",
                         lambda n: 2.0 * n), ("mse_mean", lambda n: 1.0 * n)])
def test_eta_crit_per_convention_from_a_dense_eigendecomposition(conv, factor):
    X, *_ = _data()
    net = MultiOutputReLU.init(40, 3, 2, seed=1)
    lam = _dense_lam_max(net, X)
    assert np.isclose(initial_critical_rate(net, X, conv), factor(12) / lam, rtol=1e-9)


@pytest.mark.parametrize("kind", ["net", "lin", "quad"])
def test_sgd_with_batch_n_equals_gd(kind):
    X, Y, Xt, Yt = _data()
    net = MultiOutputReLU.init(40, 3, 2, seed=2)
    eta = 0.8 * initial_critical_rate(net, X)
    a = train(net, X, Y, kind=kind, eta=eta, steps=25, record_every=5)
    b = train(net, X, Y, kind=kind, eta=eta, steps=25, record_every=5, batch_size=12, seed=9)
    assert np.allclose(a.U, b.U, rtol=1e-11, atol=1e-13)
    assert np.allclose(a.train_loss, b.train_loss, rtol=1e-10)


def test_sgd_matches_a_naive_per_example_loop():
    """Batches of the documented permutation; gradients summed example by example."""
    X, Y, _, _ = _data(n=10, k=1)
    net = MultiOutputReLU.init(25, 3, 1, seed=3)
    eta, b, steps = 0.05, 4, 7
    h = train(net, X, Y, kind="net", eta=eta, steps=steps, batch_size=b, seed=5,
              convention="mean_half")
    U, V = net.U0.copy(), net.V0[:, 0].copy()
    rng, batches = np.random.default_rng(5), []
    while len(batches) < steps:
        perm = rng.permutation(10)
        batches += [perm[i:i + b] for i in range(0, 10, b)]
    for rows in batches[:steps]:
        gU, gV = np.zeros_like(U), np.zeros_like(V)
        for a in rows:
            scalar = TwoLayerReLU(net.U0, net.V0[:, 0])
            r = scalar.output(U, V, X[a:a + 1], kind="net")[0] - Y[a, 0]
            dU, dV = scalar.gradients(U, V, X[a:a + 1], kind="net")
            gU, gV = gU + r * dU[0], gV + r * dV[0]
        U, V = U - eta / len(rows) * gU, V - eta / len(rows) * gV
    assert np.allclose(h.U, U, atol=1e-12) and np.allclose(h.V[:, 0], V, atol=1e-12)


def test_mean_half_is_sum_half_with_eta_over_n_and_mse_with_2eta_over_n():
    X, Y, _, _ = _data()
    net = MultiOutputReLU.init(40, 3, 2, seed=4)
    s = train(net, X, Y, kind="net", eta=0.01, steps=20, convention="sum_half")
    m = train(net, X, Y, kind="net", eta=0.01 * 12, steps=20, convention="mean_half")
    e = train(net, X, Y, kind="net", eta=0.01 * 6, steps=20, convention="mse_mean")
    assert np.allclose(s.U, m.U, atol=1e-12) and np.allclose(s.U, e.U, atol=1e-12)
    assert np.allclose(s.train_loss / 12, m.train_loss, rtol=1e-12)
    assert np.allclose(2 * s.train_loss / 12, e.train_loss, rtol=1e-12)


@pytest.mark.parametrize("ratio", [0.6, 1.3])
def test_f_lin_top_eigenvector_loss_is_multiplied_by_one_minus_eta_lambda_squared(ratio):
    X, Y, _, _ = _data()
    net = MultiOutputReLU.init(40, 3, 2, seed=5)
    crit = initial_critical_rate(net, X, "mse_mean")
    h = train(net, X, Y, kind="lin", eta=ratio * crit, steps=12, record_every=1, top_q=2)
    lam1 = _dense_lam_max(net, X)
    eta_sum = 2 * ratio * crit / 12
    ok = h.top_loss0[1:, 0] > 1e-12 * h.top_loss0[0, 0]     # above float64 round-off
    rho = h.top_loss0[1:, 0] / h.top_loss0[:-1, 0]
    assert ok.sum() >= 8 and np.allclose(rho[ok], (1 - eta_sum * lam1) ** 2, rtol=1e-8)
    assert np.allclose(h.lam[:, 0], lam1, rtol=1e-9)            # constant kernel


def test_f_lin_diverges_above_and_converges_below_eta_crit():
    X, Y, _, _ = _data()
    net = MultiOutputReLU.init(60, 3, 2, seed=6)
    crit = initial_critical_rate(net, X)
    lo = train(net, X, Y, kind="lin", eta=0.95 * crit, steps=300)
    hi = train(net, X, Y, kind="lin", eta=1.05 * crit, steps=3000, overflow=1e6)
    assert not lo.diverged and np.all(np.diff(lo.train_loss) < 0)   # every mode contracts
    assert hi.diverged and hi.overflowed


def test_records_equal_an_independent_evaluation_of_the_final_parameters():
    X, _, Xt, _ = _data(k=1)
    Y = np.sign(X[:, :1])
    Yt = np.sign(Xt[:, :1])
    net = MultiOutputReLU.init(50, 3, 1, seed=7)
    h = train(net, X, Y, kind="quad", eta=0.5, steps=15, X_test=Xt, Y_test=Yt,
              alignment=True, record_every=5)
    scalar = TwoLayerReLU(net.U0, net.V0[:, 0])
    Ft = scalar.output(h.U, h.V[:, 0], Xt, kind="quad")
    assert np.isclose(h.test_loss[-1], np.mean((Ft - Yt[:, 0]) ** 2), rtol=1e-12)
    assert h.test_acc[-1] == np.mean(np.where(Ft >= 0, 1, -1) == Yt[:, 0])
    K = scalar.kernel(h.U, h.V[:, 0], X, kind="quad")
    H = np.eye(12) - 1 / 12
    Kc, y = H @ K @ H, H @ Y[:, 0]
    assert np.isclose(h.align[-1], y @ Kc @ y / (np.linalg.norm(Kc) * (y @ y)), rtol=1e-10)
    assert h.best_test()[0] == np.min(h.test_loss)


def test_centred_alignment_ignores_a_constant_label_offset():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((6, 6))
    K, Y = A @ A.T, rng.standard_normal((6, 2))
    assert np.isclose(kernel_alignment(K, Y), kernel_alignment(K, Y + 3.0), rtol=1e-12)
    assert not np.isclose(kernel_alignment(K, Y, centred=False),
                          kernel_alignment(K, Y + 3.0, centred=False))


def test_overflow_keeps_a_finite_best_test_loss():
    X, Y, Xt, Yt = _data()
    net = MultiOutputReLU.init(40, 3, 2, seed=8)
    h = train(net, X, Y, kind="net", eta=5 * initial_critical_rate(net, X), steps=500,
              X_test=Xt, Y_test=Yt)
    best, step = h.best_test()
    assert h.diverged and h.overflowed and np.isfinite(best) and step >= 0


def test_bad_arguments_name_the_parameter():
    X, Y, _, _ = _data()
    net = MultiOutputReLU.init(10, 3, 2, seed=0)
    for kw, name in [({"convention": "mse"}, "convention"), ({"batch_size": 13}, "batch_size"),
                     ({"eig_every": 7}, "eig_every"), ({"eta": -1.0}, "eta")]:
        args = {"kind": "net", "eta": 0.1, "steps": 3, **kw}
        with pytest.raises(NQMValueError, match=f"`{name}`"):
            train(net, X, Y, **args)
    with pytest.raises(NQMValueError, match="`Y`"):
        train(net, X, Y[:, :1], kind="net", eta=0.1, steps=2)
