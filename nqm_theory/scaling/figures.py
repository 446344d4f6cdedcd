"""Figures of the scaling measurements (matplotlib, headless Agg backend).

Examples
--------
>>> import tempfile
>>> from nqm_theory.scaling import peak_scaling
>>> s = peak_scaling(deltas=[0.5], widths=[1e3, 1e5, 1e7, 1e9])
>>> paths = write_peak_figures(s, tempfile.mkdtemp())
>>> [p.name for p in paths]
['peak_vs_width.png', 'steps_to_peak.png', 'final_kernel.png']
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .._io import atomic_savefig

__all__ = ["write_peak_figures", "write_edge_figure"]


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def write_peak_figures(s, out) -> list:
    """peak/(m delta^2) vs m, steps to the peak vs log m, final kernel vs m -> PNG paths."""
    plt = _plt()
    out = Path(out)
    m = np.array(s.widths)
    paths = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, d in enumerate(s.deltas):
        ok = d >= np.log(m) / np.sqrt(m)   # Theorem 1's hypothesis delta >= eps
        ax.semilogx(m[ok], s.peak_loss[i][ok] / (m[ok] * d * d), marker=".",
                    label=f"delta={d:g}")
    ax.semilogx(m, 0.5 * np.log(1e4) / np.log(m), "k--", lw=1,
                label="shape of m delta^2/log m (scaled)")
    ax.set(xlabel="width m", ylabel="peak loss / (m delta^2)", ylim=(0, 1.1),
           title="Theorem 1: is the log m real? (points with delta >= log m/sqrt m)")
    ax.legend(fontsize=7)
    paths.append(atomic_savefig(fig, out / "peak_vs_width.png", dpi=120))
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, d in enumerate(s.deltas):
        ax.plot(np.log(m), s.peak_step[i], marker=".", label=f"delta={d:g}")
    ax.set(xlabel="log m", ylabel="steps to the peak", yscale="log")
    ax.legend(fontsize=7)
    paths.append(atomic_savefig(fig, out / "steps_to_peak.png", dpi=120))
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, d in enumerate(s.deltas):
        ax.semilogx(m, s.final_kernel[i] * s.labels["eta"], marker=".", label=f"delta={d:g}")
    ax.axhline(2, color="k", lw=0.5)
    ax.set(xlabel="width m", ylabel="final eta*lambda")
    ax.legend(fontsize=7)
    paths.append(atomic_savefig(fig, out / "final_kernel.png", dpi=120))
    plt.close(fig)
    return paths


def write_edge_figure(e, out) -> Path:
    """|edge - 2| and |edge - 4| vs m (log-log) with eps = log m/sqrt m -> PNG path."""
    plt = _plt()
    m = np.array(e.widths)
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, (g0, y) in enumerate(e.labels):
        for arr, c, mk in ((e.lower - 2, "C0", "v"), (e.upper - 4, "C1", "^")):
            off = np.abs(arr[i])
            ok = off > 0
            ax.loglog(m[ok], off[ok], marker=mk, ls=":", color=f"C{i}",
                      label=f"g0={g0:g}, y={y:g} ({'lower' if mk == 'v' else 'upper'})")
    ax.loglog(m, e.eps, "k-", label="eps = log m / sqrt m")
    ax.loglog(m, 1 / m, "k--", label="1/m")
    ax.set(xlabel="width m", ylabel="|edge offset| in eta*lam0")
    ax.legend(fontsize=6)
    path = atomic_savefig(fig, Path(out) / "window_edges.png", dpi=120)
    plt.close(fig)
    return path
