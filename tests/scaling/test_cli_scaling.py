"""``nqm-theory scaling``: JSON contract, files, input errors."""
import json

from nqm_theory.cli import main


def test_scaling_json(capsys, tmp_path):
    assert main(["scaling", "--deltas", "0.5", "--widths", "1e3", "1e9", "7", "--no-edges",
                 "--json", "--out", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    fit = out["peak"]["fits"][0]
    assert fit["preferred"] == "m delta^2" and fit["n_used"] == 7
    assert len(out["peak"]["widths"]) == 7 and out["edges"] is None
    assert (tmp_path / "scaling.json").exists() and (tmp_path / "peak_vs_width.png").exists()


def test_scaling_text(capsys):
    assert main(["scaling", "--deltas", "1", "--widths", "1e4", "1e8", "5", "--no-edges"]) == 0
    assert "preferred" in capsys.readouterr().out


def test_scaling_bad_input(capsys):
    assert main(["scaling", "--deltas", "3"]) == 2
    assert "`--deltas`" in capsys.readouterr().err
    assert main(["scaling", "--widths", "1e5", "1e3", "5"]) == 2
    assert main(["scaling", "--widths", "1e3", "1e5", "2.5"]) == 2
