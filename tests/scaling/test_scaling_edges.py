"""Measured window edges: O(1/m) offsets, checked against iterate() on both sides."""
import math

import numpy as np

from nqm_theory import OneExample, iterate
from nqm_theory.scaling import window_edges
from nqm_theory.scaling.figures import write_edge_figure, write_peak_figures


def regime(m, v0, g0, y, eta=None):
    """Regime at eta*lam0 = v0: lam0 = 1 (the convention), or eta held fixed."""
    e, lam0 = (v0, 1.0) if eta is None else (eta, v0 / eta)
    return iterate(OneExample(width=m, eta=e, lam0=lam0, g0=g0, y=y), steps=200_000,
                   record=False).regime.value


def test_edges_small():
    e = window_edges(widths=[1e3, 1e5], labels=[(1.0, 0.0), (1.5, 1.0)])
    assert e.to_dict()["convention"] == "lambda0 = 1, eta = eta*lambda0"
    assert abs(e.upper[0, 0] - 4) < 1e-12 and abs(e.upper[0, 1] - 4) < 1e-12
    # first-order predictions with eta = eta*lam0 at the edge: 2 + 2^2 r0 g0/m, 4 + 4^2 r0 y/m
    assert math.isclose((e.lower[0, 1] - 2) * 1e5, 4.0, rel_tol=1e-3)
    assert math.isclose((e.upper[1, 0] - 4) * 1e3, 8.0, rel_tol=1e-2)
    np.testing.assert_allclose(e.lower - 2, e.lower_pred - 2, rtol=2e-2)
    m = 1e3
    lo, up = e.lower[1, 0], e.upper[1, 0]
    assert regime(m, lo - 1e-2 / m, 1.5, 1.0) == "monotone"
    assert regime(m, lo + 1e-2 / m, 1.5, 1.0) == "catapult"
    assert regime(m, up - 1e-2 / m, 1.5, 1.0) == "catapult"
    assert regime(m, up + 1e-2 / m, 1.5, 1.0) == "divergent"
    assert e.eps[0] > 20 * abs(e.upper[1, 0] - 4)         # far inside the paper's margin


def test_edges_with_eta_fixed_are_the_earlier_convention():
    """eta = 1 held fixed (``eta=1``, ``--fix eta``): offsets r0 g0/m and r0 y/m."""
    e = window_edges(widths=[1e3, 1e5], labels=[(1.0, 0.0), (1.5, 1.0)], eta=1.0)
    assert e.to_dict()["fixed"] == "eta" and e.to_dict()["eta"] == 1.0
    assert math.isclose((e.lower[0, 1] - 2) * 1e5, 1.0, rel_tol=1e-3)     # 2 + u0 + w0
    assert math.isclose((e.upper[1, 0] - 4) * 1e3, 0.5, rel_tol=1e-3)     # 4 + w0
    lo = e.lower[1, 0]
    assert regime(1e3, lo - 1e-2 / 1e3, 1.5, 1.0, eta=1.0) == "monotone"
    assert regime(1e3, lo + 1e-2 / 1e3, 1.5, 1.0, eta=1.0) == "catapult"


def test_figures(tmp_path):
    from nqm_theory.scaling import peak_scaling
    s = peak_scaling(deltas=[0.5], widths=np.logspace(3, 8, 6))
    paths = write_peak_figures(s, tmp_path)
    e = window_edges(widths=[1e3, 1e4, 1e5], labels=[(1.5, 1.0)])
    paths.append(write_edge_figure(e, tmp_path))
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths)
    assert e.upper_fit[0]["slope"] is not None and abs(e.upper_fit[0]["slope"] + 1) < 0.01
