"""Figures of the scaling measurements (matplotlib, headless Agg backend).

``figure_*`` build the figure objects (title, labelled axes, caption with what is drawn and
the symbols, :func:`nqm_theory.plotting._figure.finish`); ``write_*`` save them atomically.

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
from ..plotting._figure import finish, plt as _plt

__all__ = ["figure_peak_ratio", "figure_steps_to_peak", "figure_final_kernel",
           "figure_edges", "write_peak_figures", "write_edge_figure"]


def _context(s) -> str:
    lab = s.labels
    split = (f"lambda0 = {lab['lam0']:g} held fixed, eta = (2 + delta)/lambda0"
             if lab["fixed"] == "lam0" else
             f"eta = {lab['eta']:g} held fixed, lambda0 = (2 + delta)/eta")
    return (f"One example, exact (u, v, w) map in float64: g0 = {lab['g0']:g}, y = {lab['y']:g}, "
            f"|x|^2/d = {lab['x2d']:g}; convention {lab['convention']} ({split}); "
            "`nqm-theory scaling`.")


def figure_peak_ratio(s):
    """peak loss / (m delta^2) against m, with the shape 1/log m of Theorem 1's bound."""
    plt = _plt()
    m = np.array(s.widths)
    fig, ax = plt.subplots(figsize=(7, 5.6), layout="constrained")
    for i, d in enumerate(s.deltas):
        ok = d >= np.log(m) / np.sqrt(m)   # Theorem 1's hypothesis delta >= eps(m)
        ax.semilogx(m[ok], s.peak_loss[i][ok] / (m[ok] * d * d), marker=".",
                    label=f"delta = {d:g}")
    ax.semilogx(m, 0.5 * np.log(1e4) / np.log(m), "k--", lw=1,
                label="1/log m (shape of Theorem 1's bound), scaled")
    ax.set(xlabel="width m  (neurons, log scale)", ylabel="peak loss / (m delta^2)",
           ylim=(0, 1.1), title="Is Theorem 1's log m real?")
    ax.legend(fontsize=7)
    drawn = ["Solid with dots, one per delta: the peak loss max_t L(t) divided by m delta^2, "
             "at the widths where Theorem 1's hypothesis delta >= eps(m) holds.",
             "Black dashed: the shape 1/log m that the bound m delta^2 / log m would give, "
             "scaled to 0.5 at m = 1e4. A flat curve means no log m factor."]
    return finish(fig, "Catapult peak over m delta^2 against width", drawn=drawn,
                  context=_context(s), symbols=("m", "delta", "eps(m)", "L"))


def figure_steps_to_peak(s):
    """Steps to the loss peak against log m, one curve per delta."""
    plt = _plt()
    m = np.array(s.widths)
    fig, ax = plt.subplots(figsize=(7, 5.2), layout="constrained")
    for i, d in enumerate(s.deltas):
        ax.plot(np.log(m), s.peak_step[i], marker=".", label=f"delta = {d:g}")
    ax.set(xlabel="log m  (natural log of the width)",
           ylabel="GD steps until the peak loss  (log scale)", yscale="log",
           title="Length of the increasing phase")
    ax.legend(fontsize=7)
    drawn = ["Solid with dots, one per delta: the step t at which the loss L(t) is largest, "
             "against the natural log of the width."]
    return finish(fig, "Steps to the catapult peak against log m", drawn=drawn,
                  context=_context(s), symbols=("m", "delta", "L"))


def figure_final_kernel(s):
    """eta*lambda_inf against m, one curve per delta."""
    plt = _plt()
    m = np.array(s.widths)
    fig, ax = plt.subplots(figsize=(7, 5.2), layout="constrained")
    for i, d in enumerate(s.deltas):
        ax.semilogx(m, s.eta_lam_final[i], marker=".", label=f"delta = {d:g}")
    ax.axhline(2, color="k", lw=0.5, label="eta*lambda_inf = 2")
    ax.set(xlabel="width m  (neurons, log scale)", ylabel="eta * lambda_inf  (dimensionless)",
           title="Final kernel after the catapult")
    ax.legend(fontsize=7)
    drawn = ["Solid with dots, one per delta: eta*lambda at the end of the run; thin black "
             "line: eta*lambda_inf = 2, the stability edge (Theorem 2)."]
    return finish(fig, "Final kernel against width", drawn=drawn, context=_context(s),
                  symbols=("m", "delta", "lambda_inf"))


def figure_edges(e):
    """|edge - 2| and |edge - 4| against m (log-log) with eps(m) and 1/m."""
    plt = _plt()
    m = np.array(e.widths)
    fig, ax = plt.subplots(figsize=(7, 5.6), layout="constrained")
    for i, (g0, y) in enumerate(e.labels):
        for arr, mk, side in ((e.lower - 2, "v", "lower"), (e.upper - 4, "^", "upper")):
            off = np.abs(arr[i])
            ok = off > 0
            ax.loglog(m[ok], off[ok], marker=mk, ls=":", color=f"C{i}",
                      label=f"g0={g0:g}, y={y:g} ({side})")
    exact = e.convention.fixed == "lam0"      # the closed forms hold lambda0 fixed
    if exact:
        from ..sharp.edges import edge_curves
        mm = np.geomspace(m.min(), m.max(), 64)
        for i, (g0, y) in enumerate(e.labels):
            lo, hi = edge_curves(mm, g0, y, 1.0, e.convention.value)
            for k, (arr, base) in enumerate(((lo, 2.0), (hi, 4.0))):
                off = np.abs(arr - base)
                ok = np.isfinite(off) & (off > 0)
                ax.loglog(mm[ok], off[ok], color=f"C{i}", lw=0.9, alpha=0.8,
                          label="exact edges (nqm-theory edges)" if i == k == 0 else None)
    ax.loglog(m, e.eps, "k-", label="eps(m) = log m / sqrt m")
    ax.loglog(m, 1 / m, "k--", label="1/m")
    ax.set(xlabel="width m  (neurons, log scale)",
           ylabel="|edge offset| in eta*lambda0  (log scale)",
           title="Distance of the catapult window's edges from 2 and 4")
    ax.legend(fontsize=6)
    drawn = ["Dotted with triangles, one colour per (g0, y): the distance of the measured "
             "lower edge from eta*lambda0 = 2 (down triangles) and of the upper edge from 4 "
             "(up triangles); zero offsets are not drawn. Solid black: eps(m); dashed "
             "black: 1/m."]
    if exact:
        drawn.append("Thin solid lines in the same colours: the exact edges from the closed "
                     "forms (onset s(0) = -1, or the root of s(0) s(1) = 1; end of "
                     "convergence v0 = 4 + w0), `nqm-theory edges`.")
    return finish(fig, "Edges of the catapult window against width", drawn=drawn,
                  context=("Edges found by bisection in eta*lambda0 on the exact map, |x|^2/d "
                           f"= 1; convention {e.convention.text}; `nqm-theory scaling`."),
                  symbols=("m", "eta*lambda0", "eps(m)", "g0, y"))


def _write(fig, path) -> Path:
    path = atomic_savefig(fig, path, dpi=120)
    _plt().close(fig)
    return path


def write_peak_figures(s, out) -> list:
    """peak/(m delta^2) vs m, steps to the peak vs log m, final kernel vs m -> PNG paths."""
    out = Path(out)
    return [_write(figure_peak_ratio(s), out / "peak_vs_width.png"),
            _write(figure_steps_to_peak(s), out / "steps_to_peak.png"),
            _write(figure_final_kernel(s), out / "final_kernel.png")]


def write_edge_figure(e, out) -> Path:
    """|edge - 2| and |edge - 4| vs m (log-log) with eps = log m/sqrt m -> PNG path."""
    return _write(figure_edges(e), Path(out) / "window_edges.png")
