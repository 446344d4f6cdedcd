"""Certified runs in Arb balls (precision "ballN"): enclosures and the certificate.

The enclosures are checked against an independent run in 200-digit mpmath (its numbers
must lie inside every reported interval), and the certificate against cases whose regime
is known: a tie that no precision can break is reported as not certified.
"""
import json
from decimal import Decimal
from fractions import Fraction as F

import mpmath
import pytest

from nqm_theory import OneExample, Regime, Tolerances, iterate
from nqm_theory.cli import main

CASES = [(F(1), Regime.MONOTONE), (F(5, 2), Regime.CATAPULT), (F(9, 2), Regime.DIVERGENT)]


def _problem(eta):
    return OneExample(width=F(1000), eta=eta, lam0=F(1), g0=F(7, 10), y=F(3, 10))


@pytest.mark.parametrize("eta,regime", CASES)
def test_ball_run_is_certified_and_encloses_a_200_digit_run(eta, regime):
    run = iterate(_problem(eta), precision="ball40")
    assert run.regime is regime and run.certified is True
    assert run.certificate.startswith(f"certified {regime.value}")
    ref = iterate(_problem(eta), precision="mp200", steps=max(run.steps, 1))
    tr = ref.trajectory
    at = {"peak_loss": max(tr.loss[:run.steps + 1]), "initial_loss": ref.initial_loss,
          "final_loss": tr.loss[run.steps], "final_kernel": tr.kernel[run.steps]}
    with mpmath.workdps(200):
        for key, val in at.items():
            lo, hi = (mpmath.mpf(str(b)) for b in run.enclosures[key])
            assert lo <= val <= hi, key
            assert hi - lo <= abs(val) * mpmath.mpf(10) ** -30, key
    if regime is Regime.DIVERGENT:
        assert "limit_kernel" not in run.enclosures
        return
    # Lemma T stopped the run: its limit enclosure holds the kernel of a run to 1e-60
    assert "Lemma T holds" in run.certificate
    full = iterate(_problem(eta), precision="mp200", steps=200_000,
                   tolerances=Tolerances(loss_tol=1e-60))
    assert full.regime is regime and full.steps > run.steps
    with mpmath.workdps(200):
        lo, hi = (mpmath.mpf(str(b)) for b in run.enclosures["limit_kernel"])
        assert lo <= full.final_kernel <= hi
        assert hi - lo <= mpmath.mpf(10) ** -6


@pytest.fixture(scope="module")
def creeping_map():
    """A (u, v, w) map whose v creeps up to 2 from below: v(t) = 2 - w(t-1)/3 with
    w(t) = 16^-t, while the loss u s decays by 4 per step.  Exactly, v < 2 at every step,
    so the run converges once the loss is below tol (about step 40, where 2 - v ~ 1e-48);
    16-digit balls cannot tell v from 2 there, 80-digit balls can."""
    import sympy as sp

    from nqm_theory.maps import compile_map
    u, v, w = sp.symbols("u v w", real=True)
    return compile_map((u, v, w), (), (u / 4, 2 - w / 3, w / 16), name="creeping v",
                       jit=False)


def test_too_few_digits_to_decide_is_not_certified(creeping_map):
    # u0 = (1 - 1e-6)^2, v0 = 5/3, w0 = (1 - 1e-6) 1e-6: then 2 - v(40) ~ 3e-54
    q = OneExample(width=F(1), eta=F(1), lam0=F(5, 3), g0=F(1), y=F(1, 10**6))
    low = iterate(q, precision="ball16", steps=400, record=False, map=creeping_map)
    assert low.regime is Regime.UNDECIDED and low.certified is False
    assert "undecided by the balls" in low.certificate and "more digits" in low.certificate
    high = iterate(q, precision="ball80", steps=400, record=False, map=creeping_map)
    assert high.regime is Regime.MONOTONE and high.certified is True
    assert 35 < high.steps < 45


def test_certificate_rules():
    from nqm_theory.core.certified import _certificate
    ok, text = _certificate(Regime.MONOTONE, False, None, False, 40, [], "ball20")
    assert not ok and "tie" in text                   # converged, peak vs loss(0) undecided
    ok, text = _certificate(Regime.CATAPULT, False, 3, False, 40, [7], "ball20")
    assert ok and "step 3" in text and "undecided by the balls at 1 step" in text
    ok, text = _certificate(Regime.DIVERGENT, True, None, True, 9, [], "ball20")
    assert not ok and "enclosure was lost" in text


def test_simulate_ball_json_contract(capsys):
    args = ["simulate", "--width", "1e3", "--eta", "2.5", "--lam0", "1", "--g0", "0.7",
            "--y", "0.3", "--precision", "ball50", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["certified"] is True and out["regime"] == "catapult"
    for k in ("peak_loss", "final_loss", "final_kernel"):
        lo, hi = out[f"{k}_lower"], out[f"{k}_upper"]
        assert lo <= out[k] <= hi and isinstance(lo, float)
        dlo, dhi = (Decimal(s) for s in out["enclosures"][k])
        assert Decimal(lo) <= dlo <= dhi <= Decimal(hi)          # floats rounded outward
        assert len(out["enclosures"][k][0].replace("-", "").split("E")[0]) >= 50
    ref = iterate(OneExample(width=F(1000), eta=F(5, 2), lam0=F(1), g0=F(7, 10), y=F(3, 10)),
                  precision="mp100", steps=out["steps"])
    assert out["peak_loss_lower"] <= float(ref.peak_loss) <= out["peak_loss_upper"]


def test_simulate_ball_undecided_budget_is_certified(capsys):
    args = ["simulate", "--width", "1e3", "--eta", "3", "--lam0", "1", "--g0", "0.7",
            "--y", "0.3", "--precision", "ball30", "--steps", "5", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["regime"] == "undecided" and out["certified"] is True
    assert "budget" in out["message"]
