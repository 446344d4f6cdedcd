"""Figures of the named experiments (PAPER.md §7); matplotlib Agg, no computation here."""
from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["plot_fig3", "plot_fig5", "plot_fig8"]


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _finite(a):
    a = np.asarray(a, dtype=float)
    return np.where(np.isfinite(a) & (a < 1e30), a, np.nan)


def plot_fig3(res, out) -> list:
    """Loss, lambda_1(t), lambda_2(t) of the NQM for every eta; one PNG."""
    plt = _plt()
    fig, ax = plt.subplots(1, 3, figsize=(15, 4))
    for r in res["runs"]:
        tr, o = r["run"].trajectory, r["order"]
        lab = f"eta={r['eta']:.3f}"
        ax[0].semilogy(_finite(tr.loss), label=lab)
        ax[1].plot(_finite(tr.kernel[:, o[0]]), label=lab)
        ax[2].plot(_finite(tr.kernel[:, o[1]]), label=lab)
    for a, t in zip(ax, ("loss (sum/2)", "lambda_1(t)", "lambda_2(t)")):
        a.set_title(t)
        a.set_xlabel("step")
        a.set_xscale("symlog", linthresh=10)
    ax[0].legend(fontsize=7)
    ax[1].set_ylim(0, 1.2 * res["lam1_0"])
    ax[2].set_ylim(0, 1.2 * res["lam1_0"])
    path = Path(out) / "fig3.png"
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return [path]


def plot_fig5(res, out) -> list:
    """Loss and top-2 eigenvalues for f and f_lin; one PNG per kind."""
    plt = _plt()
    paths = []
    for kind in ("net", "lin"):
        fig, ax = plt.subplots(1, 3, figsize=(15, 4))
        for r in (r for r in res["runs"] if r["kind"] == kind):
            h, lab = r["history"], f"eta={r['eta']:.3f}"
            ax[0].semilogy(_finite(h.loss), label=lab)
            ax[1].plot(_finite(h.kernel_eigs[:, 0]), label=lab)
            ax[2].plot(_finite(h.kernel_eigs[:, 1]), label=lab)
        for a, t in zip(ax, ("loss", "lambda_1(t)", "lambda_2(t)")):
            a.set_title(f"{'f' if kind == 'net' else 'f_lin'}: {t}")
            a.set_xlabel("step")
        ax[0].legend(fontsize=7)
        ax[1].set_ylim(0, 1.2 * res["lam1_0"])
        ax[2].set_ylim(0, 1.2 * res["lam1_0"])
        path = Path(out) / f"fig5_{kind}.png"
        fig.tight_layout()
        fig.savefig(path, dpi=90)
        plt.close(fig)
        paths.append(path)
    return paths


def plot_fig8(res, out) -> list:
    """Loss and kernel for the gamma sweep and the eta sweep; one PNG."""
    plt = _plt()
    fig, ax = plt.subplots(2, 2, figsize=(11, 8))
    for row, (key, var) in enumerate((("gamma_sweep", "gamma"), ("eta_sweep", "eta"))):
        for r in res[key]:
            ax[row, 0].semilogy(_finite(r["loss"]), label=f"{var}={r[var]}")
            ax[row, 1].plot(_finite(r["kernel"]), label=f"{var}={r[var]}")
        ax[row, 0].set_title(f"loss ({var} sweep)")
        ax[row, 1].set_title(f"kernel ({var} sweep)")
        ax[row, 0].legend(fontsize=7)
        for a in ax[row]:
            a.set_xscale("symlog", linthresh=10)
            a.set_xlabel("step")
    path = Path(out) / "fig8.png"
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return [path]
