"""Numeric core: regimes, precisions and the float64 python/numba identity."""
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from nqm_theory import NQMValueError, OneExample, Regime, Tolerances, iterate
from nqm_theory.results import REGIME_CODES
from nqm_theory.symbolic.maps import one_example_map


def paper_residual_map(p: OneExample, steps: int):
    """Independent reference: docs/theory.md §3's (r, lambda) equations typed in the test."""
    r, lam = p.g0 - p.y, p.lam0
    c, eta = p.c, p.eta
    loss, kern = [r * r / 2], [lam]
    for _ in range(steps):
        g = r + p.y
        r, lam = (1 - eta * lam + c * eta**2 * r * g) * r, lam - eta * c * r * (4 * g - eta * lam * r)
        loss.append(r * r / 2)
        kern.append(lam)
    return loss, kern


@pytest.mark.parametrize("eta_lam0,regime", [(1.0, Regime.MONOTONE), (1.9, Regime.MONOTONE),
                                             (2.5, Regime.CATAPULT), (3.5, Regime.CATAPULT),
                                             (4.3, Regime.DIVERGENT)])
def test_regimes_at_large_width(eta_lam0, regime):
    run = iterate(OneExample(width=1e6, eta=eta_lam0, lam0=1.0, g0=0.7, y=0.3))
    assert run.regime is regime
    if regime is Regime.CATAPULT:
        assert run.peak_loss > 1e3 * run.initial_loss  # spike of order m (delta^2 m ~ 1e5)
        assert run.final_kernel < 2 / run.eta_crit * 1.0 and run.final_kernel * eta_lam0 < 2
    if regime is Regime.MONOTONE:
        assert run.peak_step == 0


def test_budget_exhausted_is_undecided():
    run = iterate(OneExample(width=1e6, eta=3.0, lam0=1.0, g0=0.7, y=0.3), steps=3)
    assert run.regime is Regime.UNDECIDED and run.steps == 3


def test_zero_residual_is_converged_at_step_zero():
    run = iterate(OneExample(width=100, eta=3.0, lam0=1.0, g0=0.3, y=0.3))
    assert run.regime is Regime.MONOTONE and run.steps == 0 and run.final_loss == 0


def test_float64_matches_paper_equations_and_mp50():
    p = OneExample(width=1e5, eta=2.8, lam0=1.0, g0=0.7, y=0.3)
    run = iterate(p)
    ref_loss, ref_kern = paper_residual_map(p, run.steps)
    np.testing.assert_allclose(run.trajectory.loss, ref_loss, rtol=1e-9, atol=0)
    np.testing.assert_allclose(run.trajectory.kernel, ref_kern, rtol=1e-12, atol=0)
    mp = iterate(p, precision="mp50")
    assert mp.steps == run.steps and mp.regime is run.regime
    np.testing.assert_allclose(np.array(mp.trajectory.loss, dtype=float), run.trajectory.loss,
                               rtol=1e-9, atol=0)


def test_exact_equals_rational_paper_equations():
    p = OneExample(width=Fraction(1000), eta=Fraction(5, 2), lam0=Fraction(1), g0=Fraction(7, 10),
                   y=Fraction(3, 10), x2d=Fraction(3, 2))
    run = iterate(p, precision="exact", steps=6)
    ref_loss, ref_kern = paper_residual_map(p, 6)
    assert list(run.trajectory.loss) == ref_loss and list(run.trajectory.kernel) == ref_kern
    assert all(isinstance(x, Fraction) for x in run.trajectory.loss)


def test_mp_precision_is_used():
    p = OneExample(width=1e3, eta=2.5, lam0=1.0, g0=0.7, y=0.3)
    a, b = iterate(p, precision="mp30", steps=5), iterate(p, precision="mp60", steps=5)
    assert a.final_loss != b.final_loss
    with mpmath.workdps(30):
        assert abs(a.final_loss - b.final_loss) < mpmath.mpf(10)**-25 * abs(b.final_loss)


def test_numba_kernel_bit_identical_to_python_float64():
    rng = np.random.default_rng(0)
    n = 300
    eta_lam0 = rng.uniform(0.05, 4.6, n)
    width = 10 ** rng.uniform(1, 12, n)
    g0, y = rng.uniform(-2, 2, n), rng.uniform(-2, 2, n)
    runs = [iterate(OneExample(width=float(m), eta=float(e), lam0=1.0, g0=float(a), y=float(b)),
                    steps=3000, record=False) for e, m, a, b in zip(eta_lam0, width, g0, y)]
    states = [OneExample(width=float(m), eta=float(e), lam0=1.0, g0=float(a), y=float(b))
              .initial_state() for e, m, a, b in zip(eta_lam0, width, g0, y)]
    u0, v0, w0, s = (np.array(col) for col in zip(*states))
    out = [np.empty(n, dtype=t) for t in (np.int64, np.int64, float, np.int64, float)]
    final = np.empty((n, 3))
    with np.errstate(all="ignore"):
        one_example_map().kernels()["run_cells"](np.stack([u0, v0, w0], axis=1), np.zeros((n, 0)),
                                                 s, 1e-24, 1e100, 3000, *out, final)
    regime, steps, peak, peak_t, final_loss = out
    assert {r.regime for r in runs} >= {Regime.MONOTONE, Regime.CATAPULT, Regime.DIVERGENT}
    for i, run in enumerate(runs):
        assert REGIME_CODES[regime[i]] is run.regime
        assert (steps[i], peak_t[i]) == (run.steps, run.peak_step)
        assert peak[i] == run.peak_loss and final_loss[i] == run.final_loss


@pytest.mark.parametrize("kwargs,name", [(dict(width=0), "width"), (dict(eta=-1), "eta"),
                                         (dict(lam0=0.0), "lam0"), (dict(g0=float("nan")), "g0"),
                                         (dict(y=float("inf")), "y"), (dict(x2d=0), "x2d")])
def test_bad_problem_names_parameter(kwargs, name):
    base = dict(width=10, eta=1.0, lam0=1.0, g0=0.5, y=0.0)
    with pytest.raises(NQMValueError, match=f"`{name}`"):
        OneExample(**{**base, **kwargs})


def test_bad_run_arguments():
    p = OneExample(width=10, eta=1.0, lam0=1.0, g0=0.5, y=0.0)
    with pytest.raises(NQMValueError, match="`steps`"):
        iterate(p, steps=0)
    with pytest.raises(NQMValueError, match="`steps`.*bits"):   # refused before computing
        iterate(p, steps=16, precision="exact")
    with pytest.raises(NQMValueError, match="`precision`"):
        iterate(p, precision="mp5")
    with pytest.raises(NQMValueError, match="`overflow`"):
        Tolerances(loss_tol=1e-3, overflow=1e-4)


def test_width_1e15_and_beyond():
    run = iterate(OneExample(width=1e18, eta=3.0, lam0=1.0, g0=0.7, y=0.3), steps=100_000)
    assert run.regime is Regime.CATAPULT and run.peak_loss > 1e15


def test_realizable_matches_parameter_space_bound():
    """|g| <= lam/(2 sqrt c) for every network (H has eigenvalues 0, +-sqrt c)."""
    from nqm_theory import TwoLayerReLU
    for seed in range(5):
        net = TwoLayerReLU.init(50, 3, seed=seed)
        x = np.random.default_rng(seed).standard_normal((1, 3))
        rng = np.random.default_rng(seed + 9)
        U = net.U0 + rng.standard_normal(net.U0.shape)
        V = net.V0 + rng.standard_normal(net.V0.shape)
        g = float(net.output(U, V, x, kind="quad")[0])
        lam = float(net.kernel(U, V, x, kind="quad")[0, 0])
        assert OneExample(width=50, eta=1.0, lam0=lam, g0=g, y=0.0, x2d=float(x[0] @ x[0]) / 3).realizable
    assert not OneExample(width=1e4, eta=3.0, lam0=0.04, g0=-3.0, y=0.0).realizable


@pytest.mark.parametrize("kwargs,name", [
    (dict(width="1e400"), "width"), (dict(eta="1e-320"), "eta"), (dict(g0="1e200"), "g0"),
    (dict(g0="1e-200", y="0"), "g0"), (dict(width="1e300", eta="1e-5"), "g0")])
def test_float64_refuses_states_it_cannot_represent(kwargs, name):
    from fractions import Fraction as F
    base = dict(width=F(10**4), eta=F(3), lam0=F(1), g0=F(7, 10), y=F(3, 10))
    base.update({k: F(v) for k, v in kwargs.items()})
    p = OneExample(**base)
    with pytest.raises(NQMValueError, match=f"`{name}`.*mpN"):
        iterate(p)


def test_underflowing_residual_catapults_in_high_precision():
    """g0 - y = 1e-200 at eta*lam0 = 3: float64 would read a zero loss as converged."""
    from fractions import Fraction as F
    p = OneExample(width=F(10**4), eta=F(3), lam0=F(1), g0=F(1, 10**200), y=F(0))
    run = iterate(p, precision="mp60", record=False)
    assert run.regime is Regime.CATAPULT and run.steps > 600
