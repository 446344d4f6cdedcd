"""Figures of the generalisation and SGD-catapult experiments (docs/theory.md §7, Fig. 2b/4).

Matplotlib Agg; no computation beyond means over seeds.  Every figure is finished by
:func:`nqm_theory.plotting._figure.finish`: a title, a caption saying what is drawn, the
data (set sizes, width, loss convention, seeds) and the symbols.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ._figure import finish
from .experiments import _finite, _plt, _save

__all__ = ["plot_generalization", "plot_sgd_catapults"]

_NAMES = {"f": "network f", "f_quad": "NQM f_quad", "f_lin": "linear f_lin"}


def _caption(nums) -> str:
    return (f"Data: n_train={nums['n_train']}, n_test={nums['n_test']}, m={nums['width']}, "
            f"{nums['optimizer']}, loss convention {nums['convention']}, seeds "
            f"{nums['seeds']}; eta_crit = 1/(c(n) lambda_max(K(0))) per seed, c(n) the "
            "convention's factor (2/lambda_max for sum/2).")


_BEST_DRAWN = ("Dots with bars: mean and standard deviation over seeds of each run's best "
               "test loss, for the runs that did not diverge; red crosses (at the top of "
               "the panel): rates where at least one seed diverged; shaded: the catapult "
               "window (eta/eta_crit above 1, below the first divergent rate; light: of some "
               "seed, dark: of every seed); dotted line: eta = eta_crit.")


def _best_panel(a, runs, res, model):
    rates = sorted({r["eta_over_crit"] for r in runs})
    mean, sd, div = [], [], []
    for x in rates:
        v = [r["best_test_loss"] for r in runs if r["eta_over_crit"] == x and not r["diverged"]]
        mean.append(np.mean(v) if v else np.nan)
        sd.append(np.std(v) if len(v) > 1 else 0.0)
        div.append(sum(r["diverged"] for r in runs if r["eta_over_crit"] == x))
    a.errorbar(rates, mean, yerr=sd, marker="o", ms=4, capsize=3, label="best test loss")
    top = np.nanmax(mean) if np.isfinite(mean).any() else 1.0
    xs = [x for x, k in zip(rates, div) if k]
    a.plot(xs, [top] * len(xs), "rx", label="diverged (>= 1 seed)")
    if model != "f_lin":
        tops = [w[-1] for w in res["window_per_seed"].values() if w]
        if tops:
            a.axvspan(1.0, max(tops), color="orange", alpha=0.15,
                      label="catapult window (some seed)")
        if res["window"]:
            a.axvspan(1.0, res["window"][-1], color="orange", alpha=0.3,
                      label="catapult window (all seeds)")
    a.axvline(1.0, color="k", ls=":", lw=0.8)
    a.set_xscale("log")
    a.set_xlabel("eta / eta_crit (log)")
    a.set_ylabel("best test loss (mean +- sd over seeds)")


def _curves_row(ax, runs, rates, seed):
    for j, x in enumerate(rates):
        for r in runs:
            if r["seed"] != seed or abs(r["eta_over_crit"] - x) > 1e-12:
                continue
            c = r["curves"]
            lab = f"{_NAMES[r['model']]}"
            style = {"f": "-", "f_quad": "--", "f_lin": ":"}[r["model"]]
            ax[j].semilogy(c["steps"], _finite(c["train_loss"]), style, color="C0",
                           label=f"train, {lab}")
            ax[j].semilogy(c["steps"], _finite(c["test_loss"]), style, color="C3",
                           label=f"test, {lab}")
        ax[j].set_title(f"eta / eta_crit = {x:g}, seed {seed}", fontsize=9)
        ax[j].set_xlabel("step t")
        ax[j].set_ylabel("loss (convention of the run)")
    ax[0].legend(fontsize=6)


def plot_generalization(raw, nums, out) -> list:
    """Best test loss vs eta / eta_crit per model, training curves, alignment figures."""
    plt, out, runs = _plt(), Path(out), raw["runs"]
    cfg = raw["config"]
    dsets, models = cfg.datasets(), cfg.models
    paths = []
    fig, ax = plt.subplots(len(dsets), len(models), figsize=(4.5 * len(models),
                           3.4 * len(dsets) + 1.5), squeeze=False, layout="constrained")
    for i, ds in enumerate(dsets):
        for j, model in enumerate(models):
            rs = [r for r in runs if r["dataset"] == ds and r["model"] == model]
            _best_panel(ax[i, j], rs, nums["per_model"][ds][model], model)
            ax[i, j].set_title(f"{ds}: {_NAMES[model]}", fontsize=10)
    ax[0, 0].legend(fontsize=7)
    finish(fig, "Best test loss against the learning rate, per model (docs/theory.md §7, "
           "Fig. 2b/4)", drawn=[_BEST_DRAWN], context=_caption(nums), symbols=("eta",))
    paths.append(_save(plt, fig, out / "generalization_best_test.png"))
    rates = [min(cfg.eta_over_crit, key=lambda x: abs(x - c)) for c in cfg.curve_rates]
    fig, ax = plt.subplots(len(dsets), len(rates), figsize=(4.5 * len(rates),
                           3.4 * len(dsets) + 1.5), squeeze=False, layout="constrained")
    for i, ds in enumerate(dsets):
        _curves_row(ax[i], [r for r in runs if r["dataset"] == ds], rates, cfg.seeds[0])
        ax[i, 0].set_ylabel(f"{ds}: loss")
    finish(fig, f"Training curves at chosen rates (seed {cfg.seeds[0]})",
           drawn=["Blue: training loss, red: test loss, against the step (log loss axis); "
                  "solid: network f, dashed: NQM f_quad, dotted: linear f_lin; curves stop "
                  "where a run diverged."], context=_caption(nums), symbols=("eta", "t"))
    paths.append(_save(plt, fig, out / "generalization_curves.png"))
    paths.append(_alignment(plt, runs, dsets, [m for m in models if m != "f_lin"], nums, out))
    return paths


def _alignment(plt, runs, dsets, models, nums, out):
    fig, ax = plt.subplots(len(dsets), 2, figsize=(10, 3.4 * len(dsets) + 1.5), squeeze=False,
                           layout="constrained")
    for i, ds in enumerate(dsets):
        for k, model in enumerate(models):
            rs = [r for r in runs if r["dataset"] == ds and r["model"] == model
                  and not r["diverged"]]
            rates = sorted({r["eta_over_crit"] for r in rs})
            for key, ls in (("align_final", "-"), ("align_best", "--")):
                m = [np.nanmean([r[key] for r in rs if r["eta_over_crit"] == x]) for x in rates]
                ax[i, 0].plot(rates, m, ls, marker="o", ms=3, color=f"C{k}",
                              label=f"{_NAMES[model]}: {key}")
            ax[i, 1].scatter([r["align_best"] for r in rs], [r["best_test_loss"] for r in rs],
                             s=10, color=f"C{k}", label=_NAMES[model])
        ax[i, 0].axvline(1.0, color="k", ls=":", lw=0.8)
        ax[i, 0].set_xscale("log")
        ax[i, 0].set_xlabel("eta / eta_crit (log)")
        ax[i, 0].set_ylabel(f"{ds}: centred alignment of K")
        ax[i, 1].set_xlabel("alignment of K at the best test step")
        ax[i, 1].set_ylabel("best test loss")
        ax[i, 0].legend(fontsize=7)
        ax[i, 1].legend(fontsize=7)
    finish(fig, "Kernel-target alignment (the after-kernel) against the rate and the test loss",
           drawn=["Left: mean over seeds of the centred kernel-target alignment of the "
                  "training kernel at the end (solid) and at the best test step (dashed); "
                  "dotted line: eta = eta_crit. Right: each run's alignment at its best test "
                  "step against its best test loss (runs that did not diverge)."],
           context=_caption(nums) + " The kernel is summed over the outputs.",
           symbols=("eta",))
    return _save(plt, fig, Path(out) / "generalization_alignment.png")


def plot_sgd_catapults(raw, nums, out) -> list:
    """Spike counts vs batch size, and one loss / lambda_max trace with its spikes."""
    plt, out = _plt(), Path(out)
    fig, ax = plt.subplots(1, 3, figsize=(15, 5.6), layout="constrained")
    nan = lambda v: [np.nan if x is None else x for x in v]  # noqa: E731
    for k, row in enumerate(nums["counts"]):
        ax[0].errorbar(row["batch_sizes"], nan(row["mean"]), yerr=nan(row["std"]), marker="o",
                       capsize=3, color=f"C{k}",
                       label=f"{row['model']}, eta/eta_crit={row['eta_over_crit']:g}")
    ax[0].set_xscale("log", base=2)
    ax[0].set_xlabel("batch size b (log2)")
    ax[0].set_ylabel("loss spikes per run (mean +- sd over seeds)")
    ax[0].legend(fontsize=7)
    r = raw["example"]
    c = r["curves"]
    ax[1].semilogy(c["steps"], _finite(c["train_loss"]), label="full train loss")
    ax[2].plot(c["steps"], _finite(c["lam"]), label="lambda_max(K(t))")
    for s in r["spikes"]:
        for a in ax[1:]:
            a.axvspan(s["start"], s["end"], color="orange", alpha=0.25)
    ax[1].set_title(f"{r['model']}, b={r['batch_size']}, eta/eta_crit="
                    f"{r['eta_over_crit']:g}, seed {r['seed']} (shaded: spikes)", fontsize=9)
    ax[1].set_xlabel("SGD step t")
    ax[1].set_ylabel("training loss (all n examples)")
    ax[2].set_xlabel("SGD step t")
    ax[2].set_ylabel("lambda_max of the training NTK")
    finish(fig, "Catapults in SGD: loss spikes against the batch size, and one run",
           drawn=["Left: mean and standard deviation over seeds of the number of loss "
                  "spikes per run against the batch size b (log2 axis), one curve per model "
                  "and rate. Middle: the full training loss of one run (log axis); right: "
                  "lambda_max of its training kernel; shaded in both: the detected spikes."],
           context=(f"Data: {nums['dataset']}, n={nums['n_train']}, m={nums['width']}, "
                    f"convention {nums['convention']}; a spike is a stretch where the loss "
                    f"exceeds {nums['spike_factor']} x its running minimum."),
           symbols=("eta", "t"))
    return [_save(plt, fig, out / "sgd_catapults.png")]
