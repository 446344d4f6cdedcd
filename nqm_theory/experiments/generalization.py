"""Generalisation across learning rates: f, f_quad and f_lin on shipped data sets, the
claim of docs/theory.md §7 (Fig. 2b/4) tested, and the after-kernel's alignment.

``nqm-theory experiment generalization [--dataset NAME] [--quick] --out DIR`` writes
``DIR/generalization.json`` (keys ``dataset``, ``n_train``, ``n_test``, ``width``,
``convention``, ``eta_crit``, ``runs``, ``claim``, ``table``, ``per_model``,
``after_kernel``), ``generalization_summary.txt`` and three figures.  ``eta_crit`` is the
mean over seeds of 1 / (c(n) lambda_max(K(0))) (per seed in ``eta_crit_per_seed``; a
dict by data set when several are run).  Each (dataset, model, eta, seed) run is saved in
``DIR/.generalization.parts`` as soon as it is done (:mod:`._parts`); a rerun resumes.
Runs: :mod:`.generalization_runs`; verdict and statistics: :mod:`.generalization_stats`.
"""
from __future__ import annotations

import time

import numpy as np

from ._parts import run_parts, to_json
from .generalization_runs import _VERSION, GeneralizationConfig, run_one, tasks
from .generalization_stats import (after_kernel, claim_for_model, lin_claim, t_interval,
                                   tracking)

__all__ = ["STATEMENT", "QUICK", "compute", "numbers", "summary"]

STATEMENT = ("In the catapult regime (eta_crit < eta < eta_max) the network f and its NQM "
             "f_quad reach a lower best test loss than at any sub-critical eta, while the "
             "linear model f_lin diverges there (docs/theory.md §7, Fig. 2b/4)")

#: ``--quick``: digits2, a few minutes on two cores, eta / eta_crit from 0.5 to 3.
QUICK = GeneralizationConfig(dataset="digits2", n_train=128, n_test=128, width=256,
                             eta_over_crit=(0.5, 0.9, 1.1, 1.3, 1.5, 1.8, 2.2, 3.0),
                             seeds=(0, 1, 2, 3, 4, 5), steps=300, eig_every=30,
                             curve_rates=(0.9, 1.3, 1.8))


def compute(config: GeneralizationConfig, workdir=None, progress: bool = False) -> dict:
    """Run (or load) every run of ``config``; raw result with the training curves."""
    t0 = time.perf_counter()
    runs = run_parts(tasks(config), run_one, version=_VERSION, workdir=workdir,
                     workers=config.workers, progress=progress, desc="generalization")
    return {"config": config, "runs": runs, "seconds": time.perf_counter() - t0}


def _by(runs, **match):
    return [r for r in runs if all(r[k] == v for k, v in match.items())]


def _table_row(ds, model, res) -> dict:
    if model == "f_lin":
        return {"dataset": ds, "model": model, "verdict": res["verdict"],
                "note": f"diverged in {res['diverged_above']}/{res['runs_above']} runs above "
                        f"eta_crit, converged in {res['converged_below']}/"
                        f"{res['runs_below']} below"}
    d = res["difference_sub_minus_window"]
    return {"dataset": ds, "model": model, "verdict": res["verdict"],
            "best_sub_mean": res["best_sub"]["mean"], "best_sub_std": res["best_sub"]["std"],
            "best_window_mean": res["best_window"]["mean"],
            "best_window_std": res["best_window"]["std"],
            "difference_mean": d["mean"], "difference_ci": [d["ci_low"], d["ci_high"]],
            "seeds_window_better": res["seeds_window_better"], "seeds": len(res["seeds"]),
            "log_ratio_ci": [res["secondary"]["log_ratio_sub_over_window"][k]
                             for k in ("mean", "ci_low", "ci_high")],
            "sign_test_p": res["secondary"]["sign_test_p_two_sided"],
            "window": res["window"],
            "eta_max_over_crit_per_seed": res["eta_max_over_crit_per_seed"]}


def _overall(per_model) -> dict:
    verdicts = [v["verdict"] for ds in per_model.values() for v in ds.values()]
    verdict = ("fails" if "fails" in verdicts else
               "holds" if verdicts and all(v == "holds" for v in verdicts) else "inconclusive")
    evidence = {ds: {m: _table_row(ds, m, v) for m, v in d.items()}
                for ds, d in per_model.items()}
    return {"statement": STATEMENT, "verdict": verdict, "evidence": evidence,
            "test": "paired over seeds: min over sub-critical rates minus min over the "
                    "catapult window of the best test loss, Student-t 95% interval; holds "
                    "if above 0, fails if below 0 or no window, else inconclusive; f_lin: "
                    "diverges above and converges below eta_crit in every seed"}


def numbers(raw) -> dict:
    """Strict-JSON numbers (no NaN / Infinity: non-finite values are null)."""
    cfg, runs = raw["config"], raw["runs"]
    per_model, after, crit, track = {}, {}, {}, {}
    for ds in cfg.datasets():
        per_model[ds], after[ds] = {}, {}
        for model in cfg.models:
            rs = _by(runs, dataset=ds, model=model)
            per_model[ds][model] = lin_claim(rs) if model == "f_lin" else claim_for_model(rs)
            if model != "f_lin":
                after[ds][model] = after_kernel(rs)
        if "f" in cfg.models and "f_quad" in cfg.models:
            track[ds] = tracking(_by(runs, dataset=ds, model="f"),
                                 _by(runs, dataset=ds, model="f_quad"))
        seeds = {r["seed"]: r["eta_crit"] for r in _by(runs, dataset=ds)}
        crit[ds] = {"mean": t_interval(seeds.values())["mean"], "per_seed": seeds}
    one = len(crit) == 1
    out = {"name": "generalization", "dataset": cfg.dataset, "datasets": list(cfg.datasets()),
           "n_train": cfg.n_train, "n_test": cfg.n_test, "width": cfg.width,
           "convention": cfg.convention,
           "eta_crit": next(iter(crit.values()))["mean"] if one else
           {k: v["mean"] for k, v in crit.items()},
           "eta_crit_per_seed": {k: v["per_seed"] for k, v in crit.items()},
           "eta_over_crit_grid": list(cfg.eta_over_crit), "seeds": list(cfg.seeds),
           "steps": cfg.steps, "batch_size": cfg.batch_size or cfg.n_train,
           "optimizer": "GD" if cfg.batch_size is None else "SGD",
           "runs": [{k: v for k, v in r.items() if k != "curves"} for r in runs],
           "per_model": per_model,
           "table": [_table_row(ds, m, v) for ds, d in per_model.items() for m, v in d.items()],
           "after_kernel": after, "nqm_tracks_f_test_loss": track,
           "claim": _overall(per_model), "seconds": raw["seconds"]}
    return to_json(out)


def _fmt(mean, std) -> str:
    if mean is None:
        return "not defined"
    return f"{mean:.4f} +- {std:.4f}" if std is not None else f"{mean:.4f}"


def summary(nums) -> str:
    """Text summary: the table like the paper's, verdicts, after-kernel correlations."""
    from ..params.record import CONVENTIONS
    lines = [f"Generalisation (docs/theory.md §7, Fig. 2b/4): datasets {', '.join(nums['datasets'])}"
             f", n_train={nums['n_train']}, n_test={nums['n_test']}, m={nums['width']}, "
             f"{nums['optimizer']}, seeds {nums['seeds']}",
             f"loss convention {nums['convention']}: {CONVENTIONS[nums['convention']]}",
             "best test loss (mean +- std over seeds of the per-seed best over the group):",
             f"  {'dataset':9s} {'model':6s} {'sub-critical':>20s} {'catapult window':>20s}"
             f"  {'sub - window [95% CI]':>30s}  verdict"]
    for row in nums["table"]:
        if row["model"] == "f_lin":
            lines.append(f"  {row['dataset']:9s} {row['model']:6s} {row['note']}  "
                         f"{row['verdict']}")
            continue
        ci = row["difference_ci"]
        dtxt = ("not defined" if row["difference_mean"] is None else
                f"{row['difference_mean']:+.4f} [{ci[0]:+.4f}, {ci[1]:+.4f}]"
                if ci[0] is not None else f"{row['difference_mean']:+.4f} [not defined]")
        lines.append(f"  {row['dataset']:9s} {row['model']:6s} "
                     f"{_fmt(row['best_sub_mean'], row['best_sub_std']):>20s} "
                     f"{_fmt(row['best_window_mean'], row['best_window_std']):>20s}  "
                     f"{dtxt:>30s}  {row['verdict']}")
        brackets = sorted({tuple(b) for b in row["eta_max_over_crit_per_seed"].values()},
                          key=str)
        lines.append(f"  {'':16s} window in all seeds {row['window']}; eta_max/eta_crit "
                     f"brackets over seeds {[list(b) for b in brackets]}")
        lr = row["log_ratio_ci"]
        lrt = "not defined" if lr[1] is None else f"{lr[0]:+.3f} [{lr[1]:+.3f}, {lr[2]:+.3f}]"
        pt = "not defined" if row["sign_test_p"] is None else f"{row['sign_test_p']:.3g}"
        lines.append(f"  {'':16s} window better in {row['seeds_window_better']}/{row['seeds']}"
                     f" seeds (sign test p = {pt}); log(sub / window) {lrt} (secondary)")
    lines.append(f"claim: {nums['claim']['statement']}")
    lines.append(f"verdict: {nums['claim']['verdict']}")
    lines.append("after-kernel (centred alignment of the train kernel at the best test step "
                 "vs best test loss; window - sub of the final alignment):")
    for ds, d in nums["after_kernel"].items():
        for model, a in d.items():
            c, e = a["corr_align_best_vs_best_test_loss"], a["window_minus_sub"]["align_final"]
            ctxt = ("not defined" if c["r"] is None else
                    f"r = {c['r']:+.3f} [{c['ci_low']:+.3f}, {c['ci_high']:+.3f}], n={c['n']}")
            etxt = "not defined" if e["mean"] is None else (
                f"{e['mean']:+.4f} [{e['ci_low']:+.4f}, {e['ci_high']:+.4f}]"
                if e["ci_low"] is not None else f"{e['mean']:+.4f}")
            lines.append(f"  {ds:9s} {model:6s} {ctxt}; catapult {a['catapult_effect']} it: "
                         f"{etxt}")
    for ds, t in nums["nqm_tracks_f_test_loss"].items():
        if t["n"]:
            lines.append(f"f_quad vs f test loss, median |L_f - L_quad| / L_f over {t['n']} "
                         f"runs ({ds}): {t['median_gap_early']:.3g} at 10% of the steps, "
                         f"{t['median_gap_end']:.3g} at the end")
    lines.append(f"computed in {nums['seconds']:.1f} s")
    return "\n".join(lines) + "\n"


def _figures(raw, out):
    from ..plotting.generalization import plot_generalization
    return plot_generalization(raw, numbers(raw), out)


def _parse_dataset(text: str) -> str:
    from .._validate import check_choice
    from ..data import DATASETS
    return check_choice("--dataset", text, tuple(DATASETS) + ("all",))


def _make():
    from ._base import Experiment, ExperimentOption
    return Experiment(
        name="generalization",
        help="docs/theory.md §7 Fig. 2b/4: best test loss of f, f_quad, f_lin across eta on "
             "shipped data (full: all data sets, ~30 min on 2 cores; --quick: digits2)",
        config_type=GeneralizationConfig, compute=compute, numbers=numbers,
        figures=_figures, summary=summary,
        options=(ExperimentOption("--dataset", "dataset", "data set: digits2, digits10, "
                                  "mnist1d, teacher or all", _parse_dataset),),
        quick=lambda: QUICK, resumable=True)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
