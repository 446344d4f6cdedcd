"""CLI contracts of ``limit`` and ``phase --certify`` (keys, strict JSON, errors)."""
import json

import numpy as np
import pytest

from nqm_theory.cli import main


def _json(capsys, args):
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text
    return json.loads(text)


def test_limit_json_contract(capsys, readme_numbers):
    out = _json(capsys, ["limit", "--delta", "1", "--grid", "8", "--phase-tol", "1e-4",
                         "--digits", "30", "--json"])
    for k in ("u_peak_min", "u_peak_max", "v_final_min", "v_final_max"):
        assert out[f"{k}_lower"] <= out[k] <= out[f"{k}_upper"]
        assert out[f"{k}_uncertainty"] < 1e-12 and 0 <= out[f"{k}_phase"] < 1
    assert out["u_peak_min"] < out["u_peak_max"] and out["v_final_min"] < out["v_final_max"]
    assert 0.18 < out["v_final_min"] < 0.19 and 0.24 < out["v_final_max"] < 0.25
    assert out["small_delta"]["u_peak_max"][:4] == ["0", "0", "1/2", "1/3"]
    readme_numbers.check_measured("limit_spread", (f"{out['v_final_min']:.5f}",
                                                   f"{out['v_final_max']:.5f}", "0.88834"))


def test_limit_at_one_phase_and_the_zero_minimum(capsys, readme_numbers):
    one = _json(capsys, ["limit", "--delta", "1.4", "--phase", "0.25", "--json"])
    assert one["u_peak_lower"] <= one["u_peak"] <= one["u_peak_upper"]
    assert one["phase"] == 0.25 and one["v_final_uncertainty"] < 1e-12
    law = _json(capsys, ["limit", "--delta", "1.4", "--grid", "8", "--phase-tol", "1e-3",
                         "--json"])
    assert law["u_peak_max_lower"] > 1 and law["v_final_min"] == 0
    assert law["v_final_min_phase"] is None and "proven" in law["v_final_min_located"]
    readme_numbers.check_measured("limit_spread", ("0.18529", "0.24730",
                                                   f"{law['v_final_max']:.5f}"))


@pytest.mark.parametrize("args,flag", [(["--delta", "2"], "--delta"),
                                       (["--delta", "0"], "--delta"),
                                       (["--delta", "1", "--phase", "1"], "--phase"),
                                       (["--delta", "1", "--digits", "5"], "--digits")])
def test_limit_bad_input(capsys, args, flag):
    assert main(["limit", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"`{flag}`" in err[0]


def test_phase_certify_reports_certified_per_cell(capsys, tmp_path):
    out = tmp_path / "cp.npz"
    s = _json(capsys, ["phase", "--eta-lam0", "0.5", "4.5", "9", "--width", "1e3", "1e7", "3",
                       "--certify", "--out", str(out), "--json"])
    assert s["cells"] == 27 and s["certified"] == 27
    z = np.load(out)
    assert z["certified"].shape == (9, 3) and z["certified"].all()
    assert set(z["regime"].ravel()) == {"monotone", "catapult", "divergent"}
    lo, hi = z["eta_lam_final_lower"], z["eta_lam_final_upper"]
    conv = z["regime"] != "divergent"
    assert np.all(lo[conv] <= hi[conv])
    # tight away from 4; at eta lam0 = 4 - (w0) the transient chaos widens float intervals
    smooth = conv & (z["eta_lam0"][:, None] < 3.9)
    assert np.all(hi[smooth] - lo[smooth] < 1e-9) and np.all(hi[conv] - lo[conv] < 0.05)
    assert main(["phase", "--eta-lam0", "1", "2", "2", "--width", "1e3", "1e4", "2",
                 "--certify", "--plot", str(tmp_path / "x"), "--out", str(out)]) == 2
