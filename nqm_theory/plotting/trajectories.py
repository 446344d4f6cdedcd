"""Figures of one-example runs: loss and kernel trajectories, map vs parameter space.

Drawing only; computation happens in the library. Every figure has axis labels with
units (steps, loss 1/2 (g - y)^2, dimensionless eta*lambda) and a caption line.
"""
from __future__ import annotations

import numpy as np

__all__ = ["figure_regimes", "figure_map_vs_params", "figure_peak_vs_width"]

_COLORS = {"monotone": "tab:blue", "catapult": "tab:orange", "divergent": "tab:red",
           "undecided": "tab:gray"}


def _shown(a) -> np.ndarray:
    """Values a log axis can draw: non-finite and > 1e200 (left through the top) as NaN."""
    with np.errstate(all="ignore"):
        a = np.array(a, dtype=float)
        a[~np.isfinite(a) | (np.abs(a) > 1e200)] = np.nan
    return a


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def figure_regimes(runs, labels, caption: str):
    """Two panels: loss (log) and eta*lambda(t) against the step, one curve per run."""
    plt = _plt()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for run, label in zip(runs, labels):
        tr = run.trajectory
        t = np.arange(len(tr.loss))
        col = _COLORS[run.regime.value]
        with np.errstate(all="ignore"):
            loss = _shown(np.clip(np.asarray(tr.loss, dtype=float), 1e-30, None))
        ax1.semilogy(t, loss, color=col, label=f"{label} ({run.regime.value})")
        ax2.plot(t, _shown(tr.v), color=col, label=label)
    finite = [float(r.peak_loss) for r in runs if r.regime.value != "divergent"
              and np.isfinite(float(r.peak_loss))]
    if finite:  # keep the catapult visible: divergent curves leave through the top
        ax1.set_ylim(1e-27, min(max(finite) * 1e4, 1e200))
    ax1.set(xlabel="GD step t", ylabel="loss L(t) = (g - y)^2 / 2",
            title="Loss (divergent runs leave the top)")
    ax2.axhline(2, ls="--", color="k", lw=0.8)
    ax2.axhline(4, ls=":", color="k", lw=0.8)
    ax2.set(xlabel="GD step t", ylabel="eta * lambda(t)  (dimensionless)",
            title="Kernel (dashed: 2, dotted: 4)", ylim=(0, 4.6))
    ax1.legend(fontsize=8)
    fig.text(0.01, 0.01, caption, fontsize=8)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def figure_map_vs_params(run, hist, caption: str):
    """Overlay of the reduced map and parameter-space GD on the NQM (loss and kernel)."""
    plt = _plt()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    t = np.arange(len(hist.loss))
    n = len(t)
    ax1.semilogy(t, _shown(np.clip(run.trajectory.loss[:n], 1e-30, None)), "o", ms=4,
                 mfc="none", label="reduced (u, v, w) map")
    ax1.semilogy(t, _shown(np.clip(hist.loss, 1e-30, None)), "-",
                 label="parameter-space GD on f_quad")
    ax1.set(xlabel="GD step t", ylabel="loss L(t)", title="Loss")
    ax2.plot(t, run.trajectory.kernel[:n], "o", ms=4, mfc="none", label="map")
    ax2.plot(t, hist.kernel_eigs[:, 0], "-", label="parameter space")
    ax2.set(xlabel="GD step t", ylabel="lambda(t)  (kernel, units of |x|^2/d)", title="Kernel")
    ax1.legend(fontsize=8)
    fig.text(0.01, 0.01, caption, fontsize=8)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def figure_peak_vs_width(widths, peaks, deltas, caption: str):
    """Peak loss against width m (log-log), one curve per delta = eta*lam0 - 2."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for delta, row in zip(deltas, peaks):
        ax.loglog(widths, _shown(row), "o-", ms=3, label=f"delta = {delta:g}")
    ax.set(xlabel="width m (neurons)", ylabel="peak loss max_t L(t)",
           title="Catapult height grows linearly in m")
    ax.legend(fontsize=8)
    fig.text(0.01, 0.01, caption, fontsize=8)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig
