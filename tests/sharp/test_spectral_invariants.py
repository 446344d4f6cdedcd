"""The invariant search on the activation maps (issue 13 item 1 on issue 11's maps).

* the search finds exactly one first integral (cofactor 1) on the spectral maps of ReLU
  (2 atoms, two values of |x|^2/d): I = 2 rho - sum nu_k / kappa_k;
* the SymPy identity holds for symbolic curvatures, and a wrong candidate fails it;
* I is constant along an exact (Fraction) orbit of the engine's spectral map, and along a
  float64 catapult of a tanh population (smooth sigma: 2 curvatures per neuron), whose
  population step is typed here from docs/theory.md §2 (independent of the package);
* for ReLU, w^2/u = (a/4) I^2 (the paper's invariant).
"""
from fractions import Fraction as F

import numpy as np
import sympy as sp

from nqm_theory.activations.spectral import spectral_map
from nqm_theory.sharp.spectral import (activation_invariants, first_integral,
                                       first_integral_identity)


def _integrals(res):
    return [f for f in res.families if sp.simplify(f.cofactor - 1) == 0]


def test_search_finds_one_first_integral_per_spectral_map():
    # ReLU (2 atoms) here; leaky ReLU (4 atoms, ~13 s) runs in `proofs_check --only sharp`,
    # which the default suite runs in full (tests/proofs_check)
    for ks in ((F(1), F(-1)), (F(2), F(-2))):
        M = spectral_map(ks)
        rho, nus = M.state[0], M.state[1:]
        fam = _integrals(activation_invariants(ks, degree=1))
        assert len(fam) == 1
        want = first_integral(rho, nus, [sp.Rational(k.numerator, k.denominator) for k in ks])
        basis = [sp.expand(b) for b in fam[0].basis]
        # the family is span{1, I}: I is a combination of the basis
        c = sp.symbols("c0:2")
        sol = sp.solve(sp.Poly(sp.expand(c[0] * basis[0] + c[1] * basis[1] - want),
                               rho, *nus).coeffs(), c, dict=True)
        assert sol, (basis, want)


def test_identity_for_symbolic_curvatures_and_a_wrong_candidate_fails():
    assert all(first_integral_identity(K) for K in (1, 2, 3))
    rho, n1, n2, k1, k2 = sp.symbols("rho nu1 nu2 kappa1 kappa2", nonzero=True)
    rho1 = rho * (1 - n1 - n2 + rho * (k1 * n1 + k2 * n2) / 2)
    wrong = lambda r, a, b: 2 * r - a * k1 - b * k2          # noqa: E731  (kappa, not 1/kappa)
    d = wrong(rho1, (1 - rho * k1) ** 2 * n1, (1 - rho * k2) ** 2 * n2) - wrong(rho, n1, n2)
    assert sp.simplify(d) != 0


def test_exact_orbit_of_the_leaky_map_keeps_I():
    ks = (F(1), F(-1), F(1, 4), F(-1, 4))
    M = spectral_map(ks)
    x0 = [F(1, 50), F(7, 10), F(3, 5), F(1, 10), F(1, 20)]
    o = M.orbit(x0, [], steps=6, precision="exact")
    values = {first_integral(F(s[0]), [F(z) for z in s[1:]], ks) for s in o.states}
    assert len(values) == 1


def test_tanh_population_catapult_keeps_I():
    rng = np.random.default_rng(3)
    m, eta, a = 400, 1.0, 1.0
    z, v = rng.standard_normal(m), rng.choice([-1.0, 1.0], m)
    t = np.tanh(z)
    s1, s2 = 1 - t**2, -2 * t * (1 - t**2)
    g1, g2 = v * s1 * np.sqrt(a), t.copy()                 # Gt_i(0)
    h11, h12 = v * s2 * a, s1 * np.sqrt(a)                 # Ht_i = [[h11, h12], [h12, 0]]
    lam = np.mean(g1**2 + g2**2)
    eta = 3.0 / lam                                        # eta*lam0 = 3: a catapult
    rho = 1e-3

    def I(rho, g1, g2):
        quad = (2 * g1 * g2 * h12 - h11 * g2**2) / h12**2  # Gt^T Ht^-1 Gt
        return 2 * rho - eta * np.mean(quad)

    i0, peak = I(rho, g1, g2), 0.0
    for _ in range(300):
        hg1, hg2 = h11 * g1 + h12 * g2, h12 * g1
        rho1 = rho * (1 - eta * np.mean(g1**2 + g2**2)
                      + 0.5 * rho * eta * np.mean(g1 * hg1 + g2 * hg2))
        g1, g2 = g1 - rho * hg1, g2 - rho * hg2
        rho = rho1
        peak = max(peak, abs(rho))
        assert abs(I(rho, g1, g2) - i0) <= 1e-9 * max(1.0, abs(i0))
    assert peak > 0.1                                      # the loss did catapult


def test_relu_invariant_is_the_papers_w2_over_u():
    a = F(9, 4)
    sa = F(3, 2)
    rho, nup, num = F(1, 30), F(2, 3), F(1, 5)
    I = first_integral(rho, [nup, num], [sa, -sa])
    u = a * rho * rho
    w = rho * sa * (nup - num) / 2 - u                     # w = rho M1/2 - u
    assert w * w / u == a / 4 * I * I
