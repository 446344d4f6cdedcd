"""Props 6-10 and Theorem 3 on the parameter-space simulator."""
import numpy as np

from nqm_theory.params.gd import descend
from nqm_theory.params.quadratic import QuadraticModel
from nqm_theory.theorems.several import (Proposition6, Proposition7, Proposition8,
                                         Proposition9, SimCase, binomial_tail, directions)
from nqm_theory.theorems.several_gd import Proposition10, QuadCase, Theorem3


def test_directions_are_orthonormal():
    q1, q2 = directions([1.0, -2.0, 0.0, 3.0])
    assert np.allclose(q1, np.array([1, 0, 0, 3]) / np.sqrt(10))
    assert np.allclose(q2, [0, -1, 0, 0]) and abs(q1 @ q2) == 0


def test_binomial_tail():
    assert abs(binomial_tail(1, 10, 0.5) - (1 - 0.5 ** 10)) < 1e-15


def test_prop6_both_v0_distributions_small():
    c = Proposition6(samples=60)
    cases = [SimCase(200, 0, d=1, vdist=vd, samples=60) for vd in ("pm1", "normal")]
    assert c.check(cases=cases).status == "holds"


def test_prop6_fails_with_an_absurd_constant():
    c = Proposition6(samples=100, c_prime=0.5)       # delta = 4 exp(-2m) ~ 0 at m = 20
    assert c.check(cases=[SimCase(20, 0, samples=100)]).status == "fails"


def test_prop7_prop8_prop9():
    assert Proposition7().check(cases=[SimCase(50, 0, eta_lam1=2.6, kind=k)
                                       for k in ("quad", "net")]).status == "holds"
    assert Proposition8(samples=50).check(cases=[SimCase(300, 0, samples=50)]).status == "holds"
    v = Proposition9().check(cases=[SimCase(100, 0, eta_lam1=e, kind="net") for e in (2.6, 4.3)])
    assert v.status == "holds"


def test_prop10_by_hand_step():
    # one GD step w' = w - eta g grad g, grad g = gamma Sigma w, typed here
    rng = np.random.default_rng(3)
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    xn, gm = 1.7, 0.3
    Sigma = xn * Q @ np.diag([1.0, -1.0, 1.0, -1.0]) @ Q.T
    Sigma = (Sigma + Sigma.T) / 2
    w = rng.standard_normal(4)
    g = 0.5 * gm * w @ Sigma @ w
    lam = gm ** 2 * (Sigma @ w) @ (Sigma @ w)
    eta = 2.5 / lam
    w1 = w - eta * g * gm * (Sigma @ w)
    g1, lam1 = 0.5 * gm * w1 @ Sigma @ w1, gm ** 2 * (Sigma @ w1) @ (Sigma @ w1)
    assert np.isclose(g1, (1 - eta * lam + gm ** 2 * eta ** 2 * xn ** 2 * g * g) * g, rtol=1e-10)
    assert np.isclose(lam1, lam - eta * gm ** 2 * xn ** 2 * g * g * (4 - eta * lam), rtol=1e-10)
    qm = QuadraticModel(np.zeros((1, 4)), Sigma[None], gm)
    h = descend(qm, w, np.zeros(1), eta=eta, steps=1)
    assert np.isclose(h.outputs[1, 0], g1, rtol=1e-12)
    res = Proposition10().evaluate(QuadCase(4, gm, xn, 2.5, 0))
    assert not res.paper.ok and res.corrected.ok


def test_theorem3_small():
    v = Theorem3().check(cases=[SimCase(2000, 0, zone=z) for z in ("p1", "both", "divergent")])
    assert v.status == "holds" and v.cases == 3
