"""Exact edges: closed forms against SymPy, and both sides against 60-digit runs.

The regimes on each side of every edge are re-computed with the engine's mpmath path
(``iterate(..., precision="mp60")``), which shares no code with the certification.
"""
import json
from fractions import Fraction as F

import pytest
import sympy as sp

from nqm_theory import OneExample, iterate
from nqm_theory.cli import main
from nqm_theory.results import Tolerances


def _edges(capsys, *args):
    assert main(["edges", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _regime(m, v0, g0, y, x2d=1, lam0=1, steps=300_000):
    p = OneExample(width=F(m), eta=F(v0) / F(lam0), lam0=F(lam0), g0=F(g0), y=F(y),
                   x2d=F(x2d))
    return iterate(p, precision="mp60", steps=steps, record=False,
                   tolerances=Tolerances(loss_tol=1e-40)).regime.value


def _root(b, gamma):
    v = sp.Symbol("v")
    roots = sp.solve(gamma * v**2 - v + b, v)
    return min(roots, key=lambda r: abs(r - b))


def test_y0_edges_are_proven_and_equal_the_closed_forms(capsys):
    out = _edges(capsys, "--width", "1e4", "--g0", "1", "--y", "0")
    assert out["upper_edge_status"] == "proven" and out["upper_edge_digits"] == "4"
    assert out["lower_edge_status"] == "proven"
    exact = sp.N(_root(2, sp.Rational(1, 10**4)), 40)
    assert abs(sp.Float(out["lower_edge_digits"], 40) - exact) < sp.Float(10) ** -35
    assert out["band"] is None


@pytest.mark.parametrize("g0,y", [("0.7", "0.3"), ("0.5", "1")])
def test_edges_with_a_label_bracketed_by_60_digit_runs(capsys, g0, y):
    out = _edges(capsys, "--width", "1e4", "--g0", g0, "--y", y)
    assert out["upper_edge_status"] == "certified" and out["lower_edge_status"] == "certified"
    m, G, Y = F(10**4), F(g0), F(y)
    up = _root(4, (G - Y) * Y / m)
    assert abs(sp.Float(out["upper_edge_digits"], 40) - sp.N(up, 40)) < sp.Float(10) ** -30
    assert out["upper_edge"] == out["divergence_edge"]
    for key, below, above in (("lower_edge", "monotone", "catapult"),
                              ("upper_edge", "catapult", "divergent")):
        e = F(out[key + "_digits"])
        assert _regime(m, e * (1 - F(1, 10**13)), G, Y) == below, key
        assert _regime(m, e * (1 + F(1, 10**13)), G, Y) == above, key
    for k in ("lower_edge", "upper_edge"):
        assert len(out[k + "_digits"].replace(".", "").lstrip("0")) >= 12


def test_period_two_certificate_at_C2_over_m_of_order_one():
    from nqm_theory.sharp.band import period2_certificate
    c = period2_certificate((F(100), F(3), F(3, 4), F(-31, 16), F(-2), F(2)))
    assert c["period"] == 2 and c["entered_at"] > 0
    (r1, v1), (r2, v2) = c["points"]
    assert r1 * r2 < 0 and abs(r1) > 0.1          # the box stays away from rho = 0
    assert _regime(100, 3, "-1.9375", "-2", 2, F(3, 4), 20_000) == "undecided"
    from nqm_theory.sharp.invariants import surface_map
    f = surface_map().step_function("float64")
    mu = -2 * 4 * (2 / 100) ** 0.5                   # eta sqrt(|x|^2/(m d)) y
    assert f((r1, v1), (mu,)) == pytest.approx((r2, v2), rel=1e-9)
    assert f((r2, v2), (mu,)) == pytest.approx((r1, v1), rel=1e-9)


@pytest.mark.exhaustive
def test_the_period_two_band(capsys):
    out = _edges(capsys, "--width", "100", "--g0", "-1.9375", "--y", "-2", "--x2d", "2",
                 "--lam0", "0.75")
    band = out["band"]
    assert band and band["period2_certificate"]["period"] == 2
    assert out["upper_edge"] < out["divergence_edge"] - 1
    assert out["edges"]["divergence"]["status"] == "proven"
    off = F(band["certified_bracket_offset"])
    e = F(out["upper_edge_digits"])
    assert _regime(100, e * (1 - off), "-1.9375", "-2", 2, F(3, 4)) == "catapult"
    # above: bounded and not convergent in 200 digits either
    assert _regime(100, e * (1 + off), "-1.9375", "-2", 2, F(3, 4), 20_000) == "undecided"


@pytest.mark.parametrize("args,flag", [(["--width", "-1", "--g0", "1", "--y", "0"], "--width"),
                                       (["--width", "1e4", "--g0", "1", "--y", "1"], "--g0"),
                                       (["--width", "1e4", "--g0", "x", "--y", "0"], "--g0"),
                                       (["--width", "1e4", "--g0", "1", "--y", "0",
                                         "--lam0", "0"], "--lam0")])
def test_bad_input_is_one_line_exit_2(capsys, args, flag):
    assert main(["edges", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"`{flag}`" in err[0]
