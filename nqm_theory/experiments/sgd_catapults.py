"""Catapults in mini-batch SGD (docs/theory.md §7, Fig. 2b/4 "GD/SGD"): loss spikes, their kernel
eigenspace, lambda_max before and after, and how their number changes with the batch size.

``nqm-theory experiment sgd_catapults [--dataset NAME] [--quick] --out DIR`` writes
``DIR/sgd_catapults.json`` (``runs`` with their ``spikes``, ``counts`` per model, eta and
batch size with ``corr_log2_batch_vs_count``, ``eigenspace``, ``lambda_max``), a
summary and a figure.  Each
run (model, eta / eta_crit, batch size, seed) is saved in ``DIR/.sgd_catapults.parts``.
The learning rate is in units of the full-batch eta_crit = 1 / (c(n) lambda_max(K(0)));
a step on batch B uses c(|B|) (:mod:`nqm_theory.params.train`).

A *spike* in the full training loss L(t) (recorded every step) starts when L exceeds
``factor`` x its running minimum m(t) and has risen by more than ``min_rise`` x L(0); it
ends at the first later step with L < factor x m (or at the last step).  Its *base* b is
the last local minimum of L before the crossing, its *peak* p the maximum inside it.  For
each spike, with V_b the top-q eigenvectors of the training NTK K(b) and r the residual:

* ``frac_top``  = c [|V_b^T r(p)|^2 - |V_b^T r(b)|^2] / (L(p) - L(b)): the share of the rise
  that lies in the top-q eigenspace of the kernel at the base (q / (n k) for a rise
  spread evenly over all directions);
* ``lam_before`` = lambda_max(K(b)), ``lam_after`` = lambda_max(K(end)).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ._parts import run_parts, to_json
from .generalization_runs import train_run
from .generalization_stats import pearson, t_interval

__all__ = ["SGDConfig", "QUICK", "find_spikes", "spike_stats", "run_one", "numbers",
           "summary"]
_VERSION = "sgd-catapults-1"


@dataclass(frozen=True)
class SGDConfig:
    """Settings; ``steps`` SGD steps per run, the loss recorded at every step."""

    dataset: str = "digits2"
    n_train: int = 128
    n_test: int = 128
    width: int = 512
    convention: str = "mse_mean"
    models: tuple = ("f", "f_quad")
    eta_over_crit: tuple = (0.5, 0.8, 1.2)
    batch_sizes: tuple = (128, 64, 32, 16, 8)
    seeds: tuple = (0, 1, 2)
    steps: int = 500
    top_q: int = 3
    spike_factor: float = 2.0
    min_rise: float = 1e-2
    workers: int = 2

    def __post_init__(self):
        from .generalization_runs import GeneralizationConfig
        GeneralizationConfig(dataset=self.dataset, n_train=self.n_train, n_test=self.n_test,
                             width=self.width, convention=self.convention, models=self.models,
                             eta_over_crit=self.eta_over_crit, seeds=self.seeds,
                             steps=self.steps, top_q=self.top_q, workers=self.workers)
        from .._validate import check_int, check_real
        for b in self.batch_sizes:
            check_int("batch_sizes", b, ge=1, le=self.n_train)
        check_real("spike_factor", self.spike_factor, gt=1)
        check_real("min_rise", self.min_rise, ge=0)


QUICK = SGDConfig(width=256, models=("f",), eta_over_crit=(0.8,), batch_sizes=(128, 32, 8),
                  seeds=(0, 1, 2), steps=300)


def find_spikes(loss, *, factor: float = 2.0, min_rise: float = 1e-2) -> list:
    """``[(base, peak, end), ...]`` indices of the spikes of ``loss`` (module docstring).

    Examples
    --------
    >>> L = np.array([4.0, 2.0, 1.0, 0.5, 3.0, 6.0, 2.0, 0.4, 0.3, 0.2])
    >>> find_spikes(L)
    [(3, 5, 7)]
    """
    L = np.asarray(loss, dtype=float)
    floor = min_rise * L[0]
    out, i, run_min = [], 1, L[0]
    while i < L.size:
        if not math.isfinite(L[i]):
            break
        if L[i] > factor * run_min and L[i] - run_min > floor:
            b = i - 1
            while b > 0 and L[b - 1] < L[b]:
                b -= 1
            j = i
            while j < L.size - 1 and L[j] >= factor * run_min:
                j += 1
            peak = i + int(np.argmax(L[i:j + 1]))
            out.append((b, peak, j))
            run_min, i = L[j], j + 1
            continue
        run_min = min(run_min, L[i])
        i += 1
    return out


def spike_stats(h, c: float, spikes) -> list:
    """Per-spike dicts (module docstring) from a TrainHistory with ``keep_vectors``."""
    where = {int(t): e for e, t in enumerate(h.vec_steps)}
    rows = []
    for b, p, e in spikes:
        tb, tp, te = (int(h.steps[x]) for x in (b, p, e))
        if tb not in where or tp not in where:
            continue
        Vb = h.vecs[where[tb]]
        rise = h.train_loss[p] - h.train_loss[b]
        top = c * (np.sum((Vb.T @ h.residuals[where[tp]]) ** 2)
                   - np.sum((Vb.T @ h.residuals[where[tb]]) ** 2))
        rows.append({"start": tb, "peak": tp, "end": te, "loss_base": float(h.train_loss[b]),
                     "loss_peak": float(h.train_loss[p]), "frac_top": float(top / rise),
                     "lam_before": float(h.lam[b, 0]), "lam_after": float(h.lam[e, 0])})
    return rows


def _tasks(cfg):
    out = []
    for model in cfg.models:
        for ratio in cfg.eta_over_crit:
            for b in cfg.batch_sizes:
                for seed in cfg.seeds:
                    s = {"model": model, "eta_over_crit": float(ratio), "batch_size": int(b),
                         "seed": int(seed)}
                    s.update({k: getattr(cfg, k) for k in (
                        "dataset", "n_train", "n_test", "width", "convention", "steps",
                        "top_q", "spike_factor", "min_rise")})
                    out.append((f"{model}_r{ratio:.6g}_b{b}_s{seed}", s))
    return out


def run_one(s: dict) -> dict:
    """One SGD run with the loss, lambda_max and eigenvectors recorded at every step."""
    from ..params.record import loss_factor
    ds, crit, h = train_run(s, record_every=1, keep_vectors=True)
    spikes = [] if h.overflowed else find_spikes(h.train_loss, factor=s["spike_factor"],
                                                 min_rise=s["min_rise"])
    rows = spike_stats(h, loss_factor(s["convention"], ds.n_train), spikes)
    return {**{k: s[k] for k in ("model", "eta_over_crit", "batch_size", "seed")},
            "eta": h.eta, "eta_crit": crit, "diverged": h.diverged, "overflowed": h.overflowed,
            "n_spikes": len(rows), "spikes": rows, "best_test_loss": h.best_test()[0],
            "final_train_loss": float(h.train_loss[-1]),
            "random_direction_share": s["top_q"] / (ds.n_train * ds.k),
            "curves": {"steps": h.steps, "train_loss": h.train_loss, "lam": h.lam[:, 0]}}


def compute(config: SGDConfig, workdir=None, progress: bool = False) -> dict:
    t0 = time.perf_counter()
    runs = run_parts(_tasks(config), run_one, version=_VERSION, workdir=workdir,
                     workers=config.workers, progress=progress, desc="sgd_catapults")
    ok = [r for r in runs if not r["overflowed"] and r["spikes"]]
    example = max(ok, key=lambda r: r["n_spikes"]) if ok else runs[0]
    return {"config": config, "runs": runs, "example": example,
            "seconds": time.perf_counter() - t0}


def _counts(cfg, runs) -> list:
    out = []
    for model in cfg.models:
        for ratio in cfg.eta_over_crit:
            rs = [r for r in runs if r["model"] == model and r["eta_over_crit"] == ratio]
            stats = [t_interval([r["n_spikes"] for r in rs if r["batch_size"] == b
                                 and not r["overflowed"]]) for b in cfg.batch_sizes]
            ok = [r for r in rs if not r["overflowed"]]
            out.append({"model": model, "eta_over_crit": ratio,
                        "batch_sizes": list(cfg.batch_sizes),
                        "mean": [x["mean"] for x in stats], "std": [x["std"] for x in stats],
                        "overflowed": [sum(r["overflowed"] for r in rs if r["batch_size"] == b)
                                       for b in cfg.batch_sizes],
                        "corr_log2_batch_vs_count": pearson(
                            [float(np.log2(r["batch_size"])) for r in ok],
                            [float(r["n_spikes"]) for r in ok])})
    return out


def numbers(raw) -> dict:
    cfg, runs = raw["config"], raw["runs"]
    spikes = [s for r in runs if not r["overflowed"] for s in r["spikes"]]
    frac = [s["frac_top"] for s in spikes]
    lowered = [s["lam_after"] < s["lam_before"] for s in spikes]
    ratio = [s["lam_after"] / s["lam_before"] for s in spikes]
    out = {"name": "sgd_catapults", "dataset": cfg.dataset, "n_train": cfg.n_train,
           "n_test": cfg.n_test, "width": cfg.width, "convention": cfg.convention,
           "steps": cfg.steps, "top_q": cfg.top_q, "spike_factor": cfg.spike_factor,
           "min_rise": cfg.min_rise, "seeds": list(cfg.seeds),
           "runs": [{k: v for k, v in r.items() if k != "curves"} for r in runs],
           "counts": _counts(cfg, runs), "n_spikes_total": len(spikes),
           "eigenspace": {"frac_top_median": float(np.median(frac)) if frac else None,
                          "frac_top_quartiles": [float(np.percentile(frac, 25)),
                                                 float(np.percentile(frac, 75))] if frac else None,
                          "share_spikes_frac_top_above_half": float(np.mean(np.array(frac) > 0.5))
                          if frac else None,
                          "random_direction_share": runs[0]["random_direction_share"]},
           "lambda_max": {"share_spikes_lowering": float(np.mean(lowered)) if spikes else None,
                          "ratio_after_over_before": t_interval(ratio)},
           "seconds": raw["seconds"]}
    return to_json(out)


def summary(nums) -> str:
    lines = [f"Catapults in SGD ({nums['dataset']}, n={nums['n_train']}, m={nums['width']}, "
             f"{nums['steps']} steps, {nums['convention']}; spike: L > {nums['spike_factor']}"
             f" x running min)", "spikes per run, mean over seeds, by batch size:"]
    for c in nums["counts"]:
        cells = ", ".join(f"b={b}: {'n/a' if m is None else f'{m:.2f}'}"
                          for b, m in zip(c["batch_sizes"], c["mean"]))
        r = c["corr_log2_batch_vs_count"]
        rt = "not defined" if r["r"] is None else f"{r['r']:+.2f} [{r['ci_low']:+.2f}, " \
                                                  f"{r['ci_high']:+.2f}]"
        lines.append(f"  {c['model']:6s} eta/eta_crit={c['eta_over_crit']:g}: {cells}; "
                     f"corr(log2 b, count) {rt}")
    e, lm = nums["eigenspace"], nums["lambda_max"]
    g = lambda v: "not defined" if v is None else f"{v:.3g}"
    q = e["frac_top_quartiles"] or [None, None]
    lines.append(f"{nums['n_spikes_total']} spikes; share of each rise in the top-"
                 f"{nums['top_q']} eigenspace of K(base): median {g(e['frac_top_median'])}, "
                 f"quartiles [{g(q[0])}, {g(q[1])}] (evenly spread: "
                 f"{g(e['random_direction_share'])})")
    rr = lm["ratio_after_over_before"]
    lines.append(f"lambda_max lowered by {g(lm['share_spikes_lowering'])} of the spikes; "
                 f"lambda_after / lambda_before mean {g(rr['mean'])} [{g(rr['ci_low'])}, "
                 f"{g(rr['ci_high'])}]")
    lines.append(f"computed in {nums['seconds']:.1f} s")
    return "\n".join(lines) + "\n"


def _figures(raw, out):
    from ..plotting.generalization import plot_sgd_catapults
    return plot_sgd_catapults(raw, numbers(raw), out)


def _make():
    from ._base import Experiment, ExperimentOption
    from .generalization import _parse_dataset
    return Experiment(name="sgd_catapults",
                      help="catapults in mini-batch SGD: spikes, top eigenspace, lambda_max, "
                           "batch size (docs/theory.md §7; a few minutes)",
                      config_type=SGDConfig, compute=compute, numbers=numbers,
                      figures=_figures, summary=summary,
                      options=(ExperimentOption("--dataset", "dataset", "data set",
                                                _parse_dataset),),
                      quick=lambda: QUICK, resumable=True)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
