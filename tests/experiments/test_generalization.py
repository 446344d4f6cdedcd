"""generalization experiment: JSON contract, resume, the verdict statistics, CLI errors."""
import json
import math

import numpy as np
import pytest

from nqm_theory.cli import main
from nqm_theory.experiments import EXPERIMENTS
from nqm_theory.experiments._parts import run_parts
from nqm_theory.experiments.generalization_runs import GeneralizationConfig
from nqm_theory.experiments.generalization_stats import (claim_for_model, lin_claim, pearson,
                                                         window)

TINY = GeneralizationConfig(dataset="digits2", n_train=24, n_test=16, width=36,
                            eta_over_crit=(0.5, 1.2, 4.0), seeds=(0, 1), steps=40,
                            record_every=5, eig_every=10, workers=1, curve_rates=(1.2,))


def _strict(path):
    def bad(token):
        raise AssertionError(f"non-strict JSON token {token}")
    return json.loads(path.read_text(), parse_constant=bad)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    EXPERIMENTS["generalization"].run(TINY, out)
    return out


def test_json_contract_and_independent_eta_crit(tiny_run):
    d = _strict(tiny_run / "generalization.json")
    for key in ("dataset", "n_train", "n_test", "width", "convention", "eta_crit", "runs",
                "claim", "table", "after_kernel"):
        assert key in d
    assert (d["dataset"], d["n_train"], d["n_test"], d["width"]) == ("digits2", 24, 16, 36)
    assert set(d["claim"]) >= {"statement", "verdict", "evidence"}
    assert d["claim"]["verdict"] in ("holds", "fails", "inconclusive")
    assert len(d["runs"]) == 3 * 3 * 2
    from nqm_theory.data import load_dataset
    from nqm_theory.params import TwoLayerReLU
    for r in d["runs"]:
        assert r["model"] in ("f", "f_quad", "f_lin") and isinstance(r["diverged"], bool)
        assert math.isclose(r["eta"], r["eta_over_crit"] * r["eta_crit"], rel_tol=1e-12)
        assert r["best_test_loss"] is None or math.isfinite(r["best_test_loss"])
        ds = load_dataset("digits2", n_train=24, n_test=16, seed=r["seed"])
        net = TwoLayerReLU.init(36, 64, seed=r["seed"] + 1)
        lam = np.linalg.eigvalsh(net.kernel(net.U0, net.V0, ds.X_train, kind="net"))[-1]
        assert math.isclose(r["eta_crit"], 24 / lam, rel_tol=1e-9)      # mse_mean: n / lam
        if r["model"] == "f_lin":
            assert r["diverged"] == (r["eta_over_crit"] > 1)
    assert math.isclose(d["eta_crit"], np.mean(list(d["eta_crit_per_seed"]["digits2"]
                                                    .values())), rel_tol=1e-12)
    assert (tiny_run / "generalization_best_test.png").stat().st_size > 1000
    assert "verdict" in (tiny_run / "generalization_summary.txt").read_text()


def test_resume_after_damaged_parts_gives_identical_json(tiny_run, tmp_path):
    import shutil
    out = tmp_path / "copy"
    shutil.copytree(tiny_run, out)
    parts = sorted((out / ".generalization.parts").glob("*.json"))
    assert len(parts) == 18
    text = parts[0].read_text()
    parts[0].write_text(text[: len(text) // 2])                    # truncated
    parts[1].write_text("")                                        # empty
    foreign = json.loads(parts[2].read_text())
    foreign["digest"] = "0" * 64
    foreign["result"]["best_test_loss"] = -1.0
    parts[2].write_text(json.dumps(foreign))                       # another settings' part
    parts[3].unlink()
    exp = EXPERIMENTS["generalization"]
    b = exp.numbers(exp.compute(TINY, workdir=out / ".generalization.parts"))
    a = _strict(tiny_run / "generalization.json")
    for d in (a, b):
        d.pop("seconds"), d.pop("figures", None)
    assert a == json.loads(json.dumps(b))
    assert all(json.loads(p.read_text())["result"] for p in parts)


def test_interrupted_runs_keep_the_finished_parts(tmp_path):
    calls = []

    def fn(s):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(s["x"])
        return {"y": s["x"] ** 2}
    tasks = [(f"t{i}", {"x": i}) for i in range(4)]
    with pytest.raises(KeyboardInterrupt):
        run_parts(tasks, fn, version="v", workdir=tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["t0.json", "t1.json"]
    calls.clear()
    calls.extend([None, None, None])                               # never interrupt again
    res = run_parts(tasks, lambda s: {"y": s["x"] ** 2}, version="v", workdir=tmp_path)
    assert [r["y"] for r in res] == [0, 1, 4, 9]


def _runs(table, diverged=()):
    """Synthetic runs: table[seed][rate] = best test loss; ``diverged`` (seed, rate) pairs."""
    return [{"seed": s, "eta_over_crit": x, "best_test_loss": v,
             "diverged": (s, x) in diverged} for s, row in table.items() for x, v in row.items()]


def test_claim_verdicts_from_hand_computed_intervals():
    base = {0: {0.5: 3.0, 0.9: 2.0, 1.2: 1.0}, 1: {0.5: 3.0, 0.9: 3.0, 1.2: 1.0},
            2: {0.5: 4.0, 0.9: 5.0, 1.2: 1.0}}
    res = claim_for_model(_runs(base))      # D = [1, 2, 3]: mean 2, t(0.975, 2) sd / sqrt 3
    half = 4.302652729911275 * 1.0 / math.sqrt(3)
    ci = res["difference_sub_minus_window"]
    assert math.isclose(ci["ci_low"], 2 - half) and res["verdict"] == "inconclusive"
    tight = {s: {0.5: 2.0 + 0.1 * s, 1.2: 1.0} for s in range(3)}
    res = claim_for_model(_runs(tight))
    assert res["verdict"] == "holds" and res["seeds_window_better"] == 3
    assert math.isclose(res["secondary"]["sign_test_p_two_sided"], 0.25)      # 2 / 2^3
    assert math.isclose(res["secondary"]["log_ratio_sub_over_window"]["mean"],
                        np.mean(np.log([2.0, 2.1, 2.2])))
    worse = {s: {0.5: 1.0, 1.2: 2.0 + 0.1 * s} for s in range(3)}
    assert claim_for_model(_runs(worse))["verdict"] == "fails"
    none = claim_for_model(_runs(tight, diverged={(s, 1.2) for s in range(3)}))
    assert none["verdict"] == "fails" and none["window"] == []


def test_each_seed_window_stops_at_its_first_divergence():
    t = {0: {0.5: 2.0, 1.2: 1.0, 1.5: 0.1, 2.0: 0.5}, 1: {0.5: 2.0, 1.2: 1.5, 1.5: 1.2,
                                                        2.0: 1.4}}
    runs = _runs(t, diverged={(0, 1.5)})
    w = window(runs)
    assert w["window_per_seed"] == {0: [1.2], 1: [1.2, 1.5, 2.0]} and w["window"] == [1.2]
    assert w["eta_max_over_crit_per_seed"] == {0: [1.2, 1.5], 1: [2.0, None]}
    assert claim_for_model(runs)["best_window_per_seed"] == [1.0, 1.2]


def test_lin_claim_and_undefined_statistics():
    ok = [{"eta_over_crit": x, "seed": 0, "diverged": x > 1} for x in (0.5, 1.1)]
    assert lin_claim(ok)["verdict"] == "holds"
    ok[1]["diverged"] = False
    assert lin_claim(ok)["verdict"] == "fails" and lin_claim(ok)["exceptions"] == [(1.1, 0)]
    assert pearson([1, 2, 3], [1, 2, 4])["r"] is None                 # n < 4
    assert pearson([1, 1, 1, 1], [1, 2, 3, 4])["r"] is None           # constant
    assert pearson([1, 2, float("nan"), 3, 4], [1, 3, 5, 2, 4])["n"] == 4
    x, y = [1.0, 2.0, 3.0, 4.0, 6.0], [2.0, 1.0, 4.0, 3.0, 7.0]
    assert math.isclose(pearson(x, y)["r"], np.corrcoef(x, y)[0, 1])


def test_cli_bad_dataset_is_one_line_and_exit_2(capsys):
    assert main(["experiment", "generalization", "--dataset", "cifar10"]) == 2
    err = capsys.readouterr().err
    assert "--dataset" in err and "digits2" in err and len(err.strip().splitlines()) == 1


@pytest.mark.exhaustive
def test_quick_cli_spans_the_rates_and_f_lin_follows_eta_crit(tmp_path):
    assert main(["experiment", "generalization", "--quick", "--out", str(tmp_path)]) == 0
    d = _strict(tmp_path / "generalization.json")
    for model in ("f", "f_quad", "f_lin"):
        rates = [r["eta_over_crit"] for r in d["runs"] if r["model"] == model]
        assert min(rates) < 1 and any(r["diverged"] for r in d["runs"]
                                      if r["model"] == model and r["eta_over_crit"] > 1)
    assert d["per_model"]["digits2"]["f_lin"]["verdict"] == "holds"


def test_tracking_gap_early_and_at_the_end():
    from nqm_theory.experiments.generalization_stats import tracking
    steps = list(range(0, 101, 10))
    f = [{"seed": 0, "eta_over_crit": 0.5, "diverged": False, "steps": 100,
          "curves": {"steps": steps, "test_loss": [1.0] * 11}}]
    q = [{"seed": 0, "eta_over_crit": 0.5, "diverged": False, "steps": 100,
          "curves": {"steps": steps, "test_loss": [1.0, 1.05] + [1.0] * 8 + [1.5]}}]
    t = tracking(f, q)            # the record nearest 10% of 100 steps is step 10
    assert t["n"] == 1 and math.isclose(t["median_gap_early"], 0.05)
    assert math.isclose(t["median_gap_end"], 0.5) and t["share_gap_grows"] == 1.0
    q[0]["diverged"] = True
    assert tracking(f, q)["n"] == 0 and tracking(f, q)["median_gap_end"] is None
