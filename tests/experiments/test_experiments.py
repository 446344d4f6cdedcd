"""Named experiments: CLI contract, JSON keys, figures (docs/theory.md §7)."""
import json

import numpy as np

from nqm_theory.cli import main
from nqm_theory.experiments.fig3 import Fig3Config


def test_fig3_cli(tmp_path, readme_numbers):
    assert main(["experiment", "fig3", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "fig3.json").read_text())
    sh = d["conventions"]["sum_half"]     # README: our 2/lambda_i(0) under both conventions
    readme_numbers.check_measured("fig3", (f"{d['eta_crit_1']:.3f}", f"{d['eta_crit_2']:.3f}",
                                           str(Fig3Config().seed), f"{sh['eta_crit_1']:.2g}",
                                           f"{sh['eta_crit_2']:.2g}"))
    assert d["convention"] == "mse_mean"
    assert abs(d["eta_crit_1"] - d["n"] / d["lam1_0"]) < 1e-12
    assert abs(d["eta_crit_2"] - d["n"] / d["lam2_0"]) < 1e-12
    assert set(d["conventions"]) == {"sum_half", "mean_half", "mse_mean"}
    assert d["theorem3"]["passed"] and d["simulator_check"]["loss_max_rel_error"] < 1e-9
    assert (tmp_path / "fig3.png").stat().st_size > 1000
    # independent: kernel of the params simulator + numpy eigvalsh, mse_mean convention
    # (L = 1/n sum r^2 => eta_sum = 2 eta / n => eta_crit_i = n / lam_i)
    cfg = Fig3Config()
    X, _ = cfg.data()
    net = cfg.network()
    lam = np.sort(np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind="quad")))[::-1]
    assert abs(d["eta_crit_1"] - 128 / lam[0]) < 1e-9 and abs(d["eta_crit_2"] - 128 / lam[1]) < 1e-9
    assert abs(d["eta_crit_1"] - 0.37) < 0.03 and abs(d["eta_crit_2"] - 0.39) < 0.05
    zones = [r["zone"] for r in d["runs"]]
    assert {"sub", "p1_only", "both", "divergent"} <= set(zones)
    for r in d["runs"]:
        want = {"sub": "sub", "p1_only": "p1_only", "both": "both", "divergent": "divergent"}
        c1, c2 = 128 / lam[0], 128 / lam[1]
        z = ("divergent" if r["eta"] > 2 * c1 else "both" if r["eta"] > c2 else
             "p1_only" if r["eta"] > c1 else "sub")
        assert r["zone"] == want[z]
        expect = {"sub": ["monotone", "monotone"], "p1_only": ["catapult", "monotone"],
                  "both": ["catapult", "catapult"]}.get(z)
        assert r["direction_regimes"] == expect if expect else "divergent" in r["direction_regimes"]
    assert (tmp_path / "fig3_summary.txt").read_text().startswith("Fig. 3")


def test_fig8_cli(tmp_path):
    assert main(["experiment", "fig8", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "fig8.json").read_text())
    peaks = [r["peak_loss"] for r in d["gamma_sweep"]]
    assert peaks == sorted(peaks, reverse=True)            # smaller gamma, higher peak
    lam = [r["lam_final"] for r in d["eta_sweep"]]
    assert lam == sorted(lam, reverse=True)                 # larger eta, lower kernel
    assert (tmp_path / "fig8.png").exists()


def test_eigenspace_cli(tmp_path):
    assert main(["experiment", "eigenspace", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "eigenspace.json").read_text())
    assert set(d["models"]) == {"quadratic", "relu_nqm"}
    for m in d["models"].values():
        assert [r["k"] for r in m["runs"]] == [1, 2]
        for r in m["runs"]:
            assert not r["diverged"] and r["peak_loss"] > 20 * r["initial_loss"]   # catapult
            assert r["final_loss"] < r["initial_loss"]
            assert r["peak_fraction_top_initial"] > 0.95       # spike in top-k of K(0)
            assert r["peak_fraction_top_tracked"] > 0.8
            assert r["rest_max_over_peak"] < 0.3               # rest: a fraction of the peak
    assert (tmp_path / "eigenspace.png").stat().st_size > 1000


def test_bad_name_exit_2(capsys):
    assert main(["experiment", "fig4"]) == 2
    assert "NAME" in capsys.readouterr().err
