"""``experiment activations --quick``: files, strict JSON, resume, damaged part recomputed."""
import json

from nqm_theory.cli import main


def test_quick_run_writes_and_resumes(tmp_path, capsys):
    out = tmp_path / "act"
    assert main(["experiment", "activations", "--quick", "--out", str(out),
                 "--no-progress"]) == 0
    text = (out / "activations.json").read_text()
    assert json.loads(text)["convention"].startswith("lambda0 = lambda(0) of each draw")
    nums = json.loads(text)
    assert "NaN" not in text and "Infinity" not in text
    assert {"relu", "tanh", "leaky_relu"} <= set(nums["activations"])
    relu = nums["activations"]["relu"]["window"]
    assert all(e["first_divergent"] == 4.0 for e in relu["limit"])
    tanh = nums["activations"]["tanh"]["window"]
    assert all(e["first_divergent"] < 3.5 for e in tanh["limit"])
    for f in ("activations_phase.png", "activations_slope.png", "activations_kurtosis.png"):
        assert (out / f).stat().st_size > 1000
    parts = out / ".activations.parts"
    victim = parts / "window_tanh.json"
    stamp = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    victim.write_text("{ damaged")
    assert main(["experiment", "activations", "--quick", "--out", str(out),
                 "--no-progress"]) == 0
    after = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    assert after["window_tanh.json"] != stamp["window_tanh.json"]      # recomputed
    assert all(after[k] == stamp[k] for k in stamp if k != "window_tanh.json")   # reused
    assert json.loads((out / "activations.json").read_text())["activations"] == \
        nums["activations"]
    capsys.readouterr()
