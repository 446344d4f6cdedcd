"""One convention for eta*lam0 everywhere (issue 14, item 4): lambda0 = 1, eta = eta*lambda0.

The issue's example: at m = 4096, g0 = 0.5, y = 0, eta*lam0 = 3 the peak loss was 1402.9 in
``scaling`` (eta = 1 held fixed) and 189.1 in ``phase`` / ``report`` (lambda0 = 1).  Every
command and library function that takes eta*lam0 must now give the same problem, say so in
``--help``, captions and JSON, and report eta*lambda_inf beside lambda_inf.
"""
import json
import math
import re

import numpy as np
import pytest

from nqm_theory import NQMValueError
from nqm_theory.catalogue import CONVENTION, Convention, convention
from nqm_theory.cli import main

M, G0, Y, V0 = 4096, 0.5, 0.0, 3.0
PEAK_LAM0_FIXED, PEAK_ETA_FIXED = 189.0884, 1402.873      # the two numbers


@pytest.fixture(scope="module")
def simulated():
    from nqm_theory import OneExample, iterate
    return iterate(OneExample(width=M, eta=V0, lam0=1.0, g0=G0, y=Y), record=False)


def test_convention_object():
    assert CONVENTION == "lambda0 = 1, eta = eta*lambda0"
    assert convention() == Convention("lam0", 1.0) and convention().text == CONVENTION
    assert convention().split(3.0) == (3.0, 1.0)
    assert convention(eta=1.0).split(3.0) == (1.0, 3.0)
    assert convention(lam0=2.0).split(3.0) == (1.5, 2.0)
    assert convention(eta=0.5).text == "eta = 0.5, lambda0 = eta*lambda0 / 0.5"
    assert convention(eta=1.0).to_dict() == {"convention": "eta = 1, lambda0 = eta*lambda0",
                                             "fixed": "eta", "lam0": None, "eta": 1.0}
    with pytest.raises(NQMValueError, match="`lam0` and `eta`"):
        convention(lam0=1.0, eta=1.0)
    with pytest.raises(NQMValueError, match="`fixed`"):
        Convention("width", 1.0)


def test_readme_quotes_the_two_conventions_numbers(simulated, readme_numbers):
    from nqm_theory import peak_scaling
    old = peak_scaling([V0 - 2], [M, 1e5, 1e6], g0=G0, y=Y, eta=1.0).peak_loss[0, 0]
    readme_numbers.check_measured("convention_example", (
        str(M), f"{G0:g}", f"{Y:g}", f"{V0:g}", float(simulated.peak_loss), float(old)),
        rel=1e-3)


def test_the_same_eta_lam0_is_the_same_problem_everywhere(simulated, capsys):
    from nqm_theory import iterate_many, orbit_diagram, peak_scaling, phase_diagram
    from nqm_theory.report import ReportConfig
    assert math.isclose(simulated.peak_loss, PEAK_LAM0_FIXED, rel_tol=1e-6)
    assert main(["simulate", "--width", str(M), "--eta", "3", "--lam0", "1", "--g0", str(G0),
                 "--y", "0", "--json"]) == 0
    sim = json.loads(capsys.readouterr().out)
    assert sim["peak_loss"] == simulated.peak_loss
    assert sim["eta_lam_final"] == simulated.eta_lam_final == pytest.approx(
        V0 * sim["final_kernel"], rel=1e-15)
    s = peak_scaling([V0 - 2], [M, 1e5, 1e6], g0=G0, y=Y)
    assert math.isclose(s.peak_loss[0, 0], simulated.peak_loss, rel_tol=1e-12)
    assert s.eta_lam_final[0, 0] == pytest.approx(simulated.eta_lam_final, rel=1e-12)
    old = peak_scaling([V0 - 2], [M, 1e5, 1e6], g0=G0, y=Y, eta=1.0)  # the old convention
    assert math.isclose(old.peak_loss[0, 0], PEAK_ETA_FIXED, rel_tol=1e-6)
    pd = phase_diagram([V0], [M], g0=G0, y=Y)
    assert pd.peak_loss[0, 0] == simulated.peak_loss
    assert pd.eta_lam_final[0, 0] == simulated.eta_lam_final
    assert orbit_diagram([V0], [M], g0=G0, y=Y).eta_lam_final[0, 0] == simulated.eta_lam_final
    batch = iterate_many(M, V0, 1.0, G0, Y)
    assert batch.eta_lam_final == simulated.eta_lam_final
    rep = ReportConfig(width=M, g0=G0, y=Y, eta_lam0=(V0,)).problems()[0]
    assert (rep.eta, rep.lam0) == (V0, 1.0)


@pytest.mark.parametrize("cmd", ["scaling", "phase", "orbits", "report"])
def test_every_help_states_the_convention(cmd, capsys):
    with pytest.raises(SystemExit):
        main([cmd, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "lambda0 = 1, eta = eta*lambda0" in text, text[:400]


@pytest.mark.parametrize("argv,text", [
    (["network", "--activation", "relu", "--width", "64", "--d", "4", "--eta-lam0", "3",
      "--y", "0", "--seed", "0", "--json"],
     "lambda0 = drawn lambda(0), eta = eta*lambda0 / lambda(0)"),
    (["edges", "--width", "1e4", "--g0", "1", "--y", "0", "--lam0", "2", "--no-certify",
      "--json"], "lambda0 = 2, eta = eta*lambda0 / 2"),
    (["limit", "--delta", "1", "--phase", "0.25", "--json"], "eta*lambda0 = 2 + delta only"),
    (["phase", "--certify", "--eta-lam0", "1", "4", "4", "--width", "1e2", "1e4", "3",
      "--out", "{tmp}/cells.npz", "--no-progress", "--json"], "lambda0 = 1, eta = eta*lambda0"),
])
def test_commands_added_later_state_their_convention(argv, text, capsys, tmp_path):
    """network draws lambda0, edges takes --lam0, limit depends on eta*lambda0 alone, phase
    --certify holds lambda0: each says so in its --help and in its JSON ``convention`` key."""
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 0
    assert text in json.loads(capsys.readouterr().out)["convention"]
    with pytest.raises(SystemExit):
        main([argv[0], "--help"])
    assert "convention:" in " ".join(capsys.readouterr().out.split())


def test_scaling_json_and_captions_state_the_convention(capsys, tmp_path):
    from nqm_theory.plotting._figure import caption_of
    from nqm_theory.scaling import peak_scaling, window_edges
    from nqm_theory.scaling.figures import figure_edges, figure_final_kernel
    argv = ["scaling", "--deltas", "0.5", "--widths", "1e3", "1e7", "5", "--no-edges", "--json"]
    for fix, fixed, lam0, eta in (([], "lam0", 1.0, None), (["--fix", "eta"], "eta", None, 1.0),
                                  (["--fix", "lam0=2"], "lam0", 2.0, None)):
        assert main(argv + fix) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["fixed"], out["lam0"], out["eta"]) == (fixed, lam0, eta)
        assert out["peak"]["convention"] == out["convention"]
        assert len(out["peak"]["eta_lam_final"][0]) == 5
    cap = " ".join(caption_of(figure_final_kernel(peak_scaling([0.5], [1e3, 1e5, 1e7])))
                   .split())
    assert "convention lambda0 = 1, eta = eta*lambda0" in cap
    cap = " ".join(caption_of(figure_edges(window_edges([1e3, 1e4], [(1.0, 0.0)], eta=1.0)))
                   .split())
    assert "convention eta = 1, lambda0 = eta*lambda0" in cap


def test_phase_json_npz_and_caption_state_the_convention(capsys, tmp_path):
    out = tmp_path / "pd.npz"
    assert main(["phase", "--eta-lam0", "1", "4", "3", "--width", "1e2", "1e3", "2",
                 "--steps", "50", "--no-progress", "--out", str(out), "--json",
                 "--lam0", "2"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["convention"], d["fixed"], d["lam0"]) == (
        "lambda0 = 2, eta = eta*lambda0 / 2", "lam0", 2.0)
    with np.load(out) as z:
        assert str(z["convention"]) == d["convention"]


def test_orbits_json_states_the_convention(monkeypatch, capsys, tmp_path):
    """The JSON line and the --json-out file carry the convention (analysis faked: fast)."""
    from nqm_theory.dynamics import report
    from test_orbits_cli import fake_summary
    monkeypatch.setattr(report, "chaos_analysis", lambda **kw: (fake_summary(), None))
    assert main(["orbits", "--json", "--json-out", str(tmp_path / "o.json")]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["convention"] == CONVENTION and line["lam0"] == 1.0
    assert json.loads((tmp_path / "o.json").read_text())["convention"] == CONVENTION


def test_simulate_prints_eta_lambda_final_beside_lambda_final(capsys):
    argv = ["simulate", "--width", "1e3", "--eta", "2.5", "--lam0", "2/5", "--g0", "0.7",
            "--y", "0.3"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    lam = float(re.search(r"final_kernel: (\S+)", text).group(1))
    vl = float(re.search(r"eta_lam_final: (\S+)", text).group(1))
    assert vl == pytest.approx(2.5 * lam, rel=1e-15) and 0 < vl < 2
    assert main(argv + ["--precision", "ball30", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["eta_lam_final_lower"] <= d["eta_lam_final"] <= d["eta_lam_final_upper"]
    assert "eta_lam_final" in d["enclosures"]
