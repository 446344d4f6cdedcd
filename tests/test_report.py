"""The main job (`nqm-theory report`) writes its report, figures and numbers."""
import json

from nqm_theory.cli import main


def test_report_writes_three_regimes(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    for name in ("report.md", "summary.json", "regimes.png", "map_vs_params.png",
                 "peak_vs_width.png", "phase.png"):
        assert (tmp_path / name).stat().st_size > 0, name
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert [r["regime"] for r in summary["runs"]] == ["monotone", "catapult", "divergent"]
    assert summary["params_agreement"]["max_rel_loss_diff"] < 1e-9
    assert all(abs(s - 1) < 0.02 for s in summary["peak_vs_width"]["loglog_slopes"])
    assert set(summary["phase_counts"]) == {"monotone", "catapult", "divergent", "undecided"}
    assert min(summary["phase_counts"][k] for k in ("monotone", "catapult", "divergent")) > 0
    assert not list(tmp_path.glob(".*tmp"))  # atomic writes leave no temporary files
    # issue 14: one convention (lambda0 = 1, eta = eta*lambda0), said in JSON and the text;
    # eta*lambda_inf beside lambda_inf
    assert (summary["convention"], summary["lam0"]) == ("lambda0 = 1, eta = eta*lambda0", 1.0)
    eta = summary["config"]["eta_lam0"]
    for e, r in zip(eta[:2], summary["runs"][:2]):   # lam0 = 1: eta = eta*lam0
        assert abs(r["eta_lam_final"] - e * r["final_kernel"]) < 1e-12
    md = (tmp_path / "report.md").read_text()
    assert "convention lambda0 = 1, eta = eta*lambda0" in md and "| eta*lambda_inf |" in md
