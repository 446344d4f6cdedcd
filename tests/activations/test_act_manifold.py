"""The kernel along the unstable manifold: the series against iterating the map itself."""
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from nqm_theory.activations.manifold import M2, M4, V0, manifold_kernel
from nqm_theory.activations.spectral import spectral_map

RHO = sp.Symbol("rho", real=True)


def test_series_coefficients():
    c = sp.Poly(manifold_kernel(2), RHO).as_dict()
    assert sp.simplify(c[(2,)] - M2 * (V0 - 4) / (V0**2 * (V0 - 2))) == 0
    c4 = sp.Poly(manifold_kernel(4, v0=4), RHO).as_dict()
    assert set(c4) == {(0,), (4,)}                    # no rho^2 term at V0 = 4
    assert sp.simplify(c4[(4,)] - (4 * M4 - M2**2) / 8960) == 0


def _orbit_kernel(kappas, weights, v0, steps):
    tot = sum(weights)
    nus = tuple(Fraction(v0) * w / tot for w in weights)
    orb = spectral_map(tuple(kappas)).orbit((Fraction(1, 10**12),) + nus, (), steps=steps,
                                            precision="mp40")
    return orb.states


@pytest.mark.parametrize("v0", [Fraction(3), Fraction(4)])
def test_series_predicts_the_iterated_kernel(v0):
    ks = (1, -1, Fraction(1, 2), Fraction(-1, 2))
    ws = (1, 1, 1, 1)
    states = _orbit_kernel(ks, ws, v0, 40)
    tot = sum(ws)
    m2 = sum(Fraction(k)**2 * w for k, w in zip(ks, ws)) * v0 / tot
    m4 = sum(Fraction(k)**4 * w for k, w in zip(ks, ws)) * v0 / tot
    series = manifold_kernel(2) if v0 != 4 else manifold_kernel(4, v0=4)
    f = sp.lambdify(RHO, series.subs({V0: v0, M2: m2, M4: m4}), "mpmath")
    checked = 0
    with mpmath.workdps(40):
        for row in states:
            rho = row[0]
            if not 0.004 < abs(rho) < 0.03:
                continue
            V = sum(row[1:])
            pred = f(rho)
            assert abs((V - v0) / (pred - v0) - 1) < 0.02, (rho, V, pred)
            checked += 1
    assert checked >= 1


def test_constant_modulus_measure_has_no_rho4_growth():
    # |kappa| constant (relu-like): V0 M4 - M2^2 = 0, and the series has no rho^4 term
    c4 = sp.Poly(manifold_kernel(4, v0=4), RHO).as_dict()[(4,)]
    assert c4.subs({M2: 4, M4: 4}) == 0          # kappa = +-1, V0 = 4: M2 = M4 = 4
    assert c4.subs({M2: 2.5, M4: 2.125}) > 0     # the spread measure of the test above
