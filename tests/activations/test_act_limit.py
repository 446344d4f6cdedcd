"""Infinite-width limit: quadrature against closed forms and adaptive quadrature; m -> inf."""
import math

import numpy as np
import pytest

from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.limit import limit_kernel, limit_population, quadrature_error
from nqm_theory.activations.population import run_population
from nqm_theory.activations.window import draw

# lam(0) = E[a sigma'(z)^2 + sigma(z)^2], z ~ N(0, 1), a = 1, in closed form
CLOSED = {"relu": 1.0, "linear": 2.0, "abs": 2.0, "leaky_relu": 1 + 0.01,
          "erf": 4 / (math.pi * math.sqrt(5)) + 2 / math.pi * math.asin(2 / 3),
          "poly": 1 + 4 * 0.25 + 1 + 3 * 0.25}   # E(1+z)^2 + E(z + z^2/2)^2


@pytest.mark.parametrize("name", list(CLOSED))
def test_limit_kernel_closed_forms(name):
    act = make_activation(name)
    assert float(limit_population(act, 64).lam()) == pytest.approx(CLOSED[name], rel=1e-13)
    val, err = limit_kernel(act)
    assert val == pytest.approx(CLOSED[name], rel=1e-12) and err < 1e-9


@pytest.mark.parametrize("name", ["tanh", "gelu", "softplus"])
def test_quadrature_error_small_and_shrinking(name):
    coarse = quadrature_error(make_activation(name), v0=2.8, rho0=1e-4, n=24, steps=400)
    fine = quadrature_error(make_activation(name), v0=2.8, rho0=1e-4, n=96, steps=400)
    assert fine.rho_max_rel < 1e-11 and fine.v_final_abs < 1e-11
    assert abs(fine.lam_2n - fine.lam_quad) < 1e-12
    assert fine.rho_max_rel <= coarse.rho_max_rel


def test_finite_width_converges_to_the_limit():
    act = make_activation("tanh")
    P = limit_population(act, 96)
    lam_inf = float(P.lam())
    errs = []
    for m in (256, 4096, 65536):
        e = []
        for seed in range(3):
            dr = draw(act, m, 1, seed)
            eta = 2.5 / dr.lam0
            rho0 = eta * (dr.g0 - 0.5) / math.sqrt(m)
            fin = run_population(dr.population, eta, rho0, steps=3000)
            lim = run_population(P, 2.5 / lam_inf, rho0, steps=3000)
            e.append(abs(fin.final_v - lim.final_v))
        errs.append(np.median(e))
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < 0.02
