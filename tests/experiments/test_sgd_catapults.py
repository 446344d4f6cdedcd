"""SGD catapults: spike detection, eigenspace share, and a tiny end-to-end run."""
import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from nqm_theory.cli import main
from nqm_theory.experiments import EXPERIMENTS
from nqm_theory.experiments.sgd_catapults import SGDConfig
from nqm_theory.experiments.sgd_catapults import find_spikes, spike_stats


def test_find_spikes_on_hand_made_curves():
    L = np.array([8.0, 4.0, 2.0, 1.0, 0.9, 5.0, 9.0, 3.0, 1.5, 0.5, 0.4, 0.3, 2.0, 0.2])
    assert find_spikes(L) == [(4, 6, 8), (11, 12, 13)]
    assert find_spikes(L, min_rise=0.5) == [(4, 6, 8)]                 # rise 1.7 < 4
    assert find_spikes(np.geomspace(1, 1e-6, 30)) == []
    assert find_spikes(np.array([1.0, 0.5, 3.0, 4.0])) == [(1, 3, 3)]  # never returns


def test_spike_stats_share_of_the_rise_in_the_top_eigenspace():
    e = np.eye(4)
    vecs = np.stack([e[:, :1]] * 3)                       # top-1 eigenvector e0 throughout
    res = np.array([[1.0, 1.0, 0, 0], [3.0, 1.0, 0, 0], [1.0, 1.0, 0, 0]])
    c = 0.5
    h = SimpleNamespace(steps=np.arange(3), vec_steps=np.arange(3), vecs=vecs, residuals=res,
                        train_loss=c * np.sum(res ** 2, axis=1),
                        lam=np.array([[5.0], [4.0], [3.0]]))
    (row,) = spike_stats(h, c, [(0, 1, 2)])
    assert math.isclose(row["frac_top"], 1.0) and row["lam_before"] == 5 and row["lam_after"] == 3
    h.residuals = np.array([[1.0, 1.0, 0, 0], [1.0, 3.0, 0, 0], [1.0, 1.0, 0, 0]])
    assert math.isclose(spike_stats(h, c, [(0, 1, 2)])[0]["frac_top"], 0.0, abs_tol=1e-15)


def test_tiny_sgd_run_json(tmp_path):
    cfg = SGDConfig(n_train=24, n_test=12, width=32, models=("f",), eta_over_crit=(0.9,),
                    batch_sizes=(24, 4), seeds=(0, 1), steps=40, workers=1)
    EXPERIMENTS["sgd_catapults"].run(cfg, tmp_path)
    d = json.loads((tmp_path / "sgd_catapults.json").read_text())
    assert len(d["runs"]) == 4 and [c["batch_sizes"] for c in d["counts"]] == [[24, 4]]
    for r in d["runs"]:
        assert r["n_spikes"] == len(r["spikes"]) and isinstance(r["diverged"], bool)
        for s in r["spikes"]:
            assert s["start"] < s["peak"] <= s["end"] and s["loss_peak"] > s["loss_base"]
    assert (tmp_path / "sgd_catapults.png").stat().st_size > 1000


@pytest.mark.exhaustive
def test_quick_cli_sgd(tmp_path):
    assert main(["experiment", "sgd_catapults", "--quick", "--out", str(tmp_path)]) == 0
    d = json.loads((tmp_path / "sgd_catapults.json").read_text())
    assert d["n_spikes_total"] > 0 and d["eigenspace"]["frac_top_median"] > 0.5
