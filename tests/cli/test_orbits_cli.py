"""`nqm-theory orbits`: a human-readable answer beside the JSON; strict JSON file output."""
import json
import math

import pytest

from nqm_theory._cli import orbits
from nqm_theory.cli import main


def fake_summary(after=-0.03, period=1, alpha=0.6, bulk=0.0):
    """The structure of dynamics.report.chaos_analysis, with small made-up numbers."""
    return {
        "fixed_points": [],
        "jumps_full": {"100.0": 24, "10000.0": 45},
        "jumps_zoom": {"100.0": 149, "10000.0": 47},
        "uncertainty_near_4": [{"width": 100.0, "alpha": alpha, "fraction": [0.1, 0.2]},
                               {"width": 10000.0, "alpha": 0.75, "fraction": [0.1, 0.3]}],
        "uncertainty_bulk_2_5_to_3_5": [{"width": 100.0, "fraction": [0.0, bulk]}],
        "ftle": {"eta*lam0 = 1.5": {"transient": float("nan"), "after": 0.02,
                                    "regime": "monotone", "steps": 39},
                 "eta*lam0 = 3": {"transient": 1.07, "after": after, "regime": "catapult",
                                  "steps": 147}},
        "final_period": {"eta*lam0 = 1.5": 1, "eta*lam0 = 3": period},
        "final_kernel_vs_width": {},
    }


def test_answer_states_the_verdict_and_the_numbers():
    text = orbits.answer(fake_summary())
    assert text.startswith("Is the catapult chaotic?\nNo persistent chaos")
    assert "Transient chaos just below eta*lambda0 = 4" in text
    assert "149 (m = 1e2), 47 (m = 1e4)" in text            # final-kernel jumps, zoom
    assert "0.60 (m = 1e2), 0.75 (m = 1e4)" in text           # uncertainty exponents
    assert "eta*lam0 = 3: 1.07 during the catapult, -0.03 after" in text
    assert "eta*lam0 = 1.5: no catapult phase, 0.02 after" in text   # NaN transient explained
    assert "no sensitive pairs" in text and "Meaning:" in text


@pytest.mark.parametrize("kw", [dict(after=0.2), dict(period=None)])
def test_answer_flags_possible_persistent_chaos(kw):
    text = orbits.answer(fake_summary(**kw))
    assert "Possibly persistent chaos" in text and "Meaning:" not in text


def test_answer_without_fractal_set_says_so():
    text = orbits.answer(fake_summary(alpha=1.0) | {"uncertainty_near_4": [
        {"width": 100.0, "alpha": 0.98, "fraction": [0.1]}]})
    assert "No fractal set of singular learning rates" in text


def test_strict_json_replaces_non_finite_with_null_and_reason():
    nulls = {}
    out = orbits.strict_json({"a": [1.0, float("inf")], "ftle": {"x": {"transient": math.nan}}},
                             nulls=nulls)
    assert out == {"a": [1.0, None], "ftle": {"x": {"transient": None}}}
    assert set(nulls) == {"a[1]", "ftle.x.transient"}
    assert "no catapult (transient) phase" in nulls["ftle.x.transient"]


def test_cli_prints_answer_and_json_and_writes_strict_json(tmp_path, monkeypatch, capsys):
    import nqm_theory.dynamics.report as rep
    monkeypatch.setattr(rep, "chaos_analysis", lambda **kw: (fake_summary(), None))
    out = tmp_path / "sub" / "orbits.json"
    assert main(["orbits", "--quick", "--json-out", str(out)]) == 0
    lines = capsys.readouterr().out.rstrip("\n").splitlines()
    assert lines[0] == "Is the catapult chaotic?"
    data = json.loads(lines[-1])                               # the JSON line is last
    assert data["ftle"]["eta*lam0 = 1.5"]["transient"] is None
    text = out.read_text()
    assert "NaN" not in text and "Infinity" not in text
    full = json.loads(text)                                    # strict JSON
    assert full["ftle"]["eta*lam0 = 1.5"]["transient"] is None
    assert list(full["null_values"]) == ["ftle.eta*lam0 = 1.5.transient"]
    assert main(["orbits", "--json"]) == 0
    only = capsys.readouterr().out.splitlines()
    assert len(only) == 1 and json.loads(only[0])["alpha_near_4"]["100.0"] == 0.6
