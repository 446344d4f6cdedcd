"""Identities A1-A4: block structure from SymPy's Taylor expansion, closure of the GD step."""
import numpy as np
import pytest
import sympy as sp

from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.symbolic import (check_blocks, derive_step, population_update,
                                             spectral_update)


def test_blocks_generic_sigma():
    assert check_blocks(2, 2) == {"jacobian": True, "hessian": True, "reduced_blocks": True,
                                  "orthogonal": True}


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "linear", "abs", "tanh", "erf", "gelu",
                                  "silu", "softplus", "poly"])
def test_blocks_concrete(name):
    assert all(check_blocks(1, 1, make_activation(name)).values())


def test_blocks_check_can_fail(monkeypatch):
    # a wrong sigma'' (the sign of the u-u block flipped) must be detected
    act = make_activation("tanh")
    object.__setattr__(act, "d2", -act.d2)
    res = check_blocks(1, 1, act)
    assert res["hessian"] is False and res["jacobian"] is True


def test_step_closes_and_matches_a_numeric_gd_step():
    rn, b = derive_step(3)
    assert derive_step(1) == derive_step(2) == (rn, b)
    # independent: one numeric GD step on a random quadratic model g(D) = f0 + j.D + D.H.D/2
    rng = np.random.default_rng(0)
    n = 5
    A = rng.standard_normal((n, n))
    H = (A + A.T) / 2
    j, D = rng.standard_normal(n), rng.standard_normal(n)
    f0, y, e = 0.3, -0.7, 0.21
    g = lambda x: f0 + j @ x + x @ H @ x / 2      # noqa: E731
    G = j + H @ D
    r = g(D) - y
    Dn = D - e * r * G
    syms = {s.name: s for s in rn.free_symbols}
    val = float(rn.subs({syms["r"]: r, syms["eta"]: e, syms["M_0"]: G @ G,
                         syms["M_1"]: G @ H @ G}))
    assert val == pytest.approx(g(Dn) - y, rel=1e-12)
    bval = float(b.subs({syms["r"]: r, syms["eta"]: e}))
    assert np.allclose(G + bval * H @ G, j + H @ Dn, rtol=1e-12)


def test_population_and_spectral_forms():
    rho_next, b = population_update()
    assert not any(s.name in ("m", "r") for s in rho_next.free_symbols | b.free_symbols)
    st, up = spectral_update((sp.Integer(2), sp.Rational(-1, 2)))
    rho, n1, n2 = st
    # nu' = (1 - rho kappa)^2 nu, and rho' = rho (1 - sum nu + rho sum kappa nu / 2)
    assert sp.expand(up[1] - (1 - 2 * rho)**2 * n1) == 0
    assert sp.expand(up[0] - rho * (1 - n1 - n2 + rho * (2 * n1 - n2 / 2) / 2)) == 0
