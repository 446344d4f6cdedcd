"""Named experiments: CLI contract, JSON keys, figures (PAPER.md §7)."""
import json

from nqm_theory.cli import main


def test_fig3_cli(tmp_path):
    assert main(["experiment", "fig3", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "fig3.json").read_text())
    assert d["convention"] == "mse_mean"
    assert abs(d["eta_crit_1"] - d["n"] / d["lam1_0"]) < 1e-12
    assert abs(d["eta_crit_2"] - d["n"] / d["lam2_0"]) < 1e-12
    assert set(d["conventions"]) == {"sum_half", "mean_half", "mse_mean"}
    assert d["theorem3"]["passed"] and d["simulator_check"]["loss_max_rel_error"] < 1e-9
    assert (tmp_path / "fig3.png").stat().st_size > 1000
    assert (tmp_path / "fig3_summary.txt").read_text().startswith("Fig. 3")


def test_fig8_cli(tmp_path):
    assert main(["experiment", "fig8", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "fig8.json").read_text())
    peaks = [r["peak_loss"] for r in d["gamma_sweep"]]
    assert peaks == sorted(peaks, reverse=True)            # smaller gamma, higher peak
    lam = [r["lam_final"] for r in d["eta_sweep"]]
    assert lam == sorted(lam, reverse=True)                 # larger eta, lower kernel
    assert (tmp_path / "fig8.png").exists()


def test_bad_name_exit_2(capsys):
    assert main(["experiment", "fig4"]) == 2
    assert "NAME" in capsys.readouterr().err
