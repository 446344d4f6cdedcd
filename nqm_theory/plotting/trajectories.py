"""Figures of one-example runs: loss and kernel trajectories, map vs parameter space.

Drawing only; computation happens in the library.  Every figure has a title, axis labels
with units (steps, loss L = (g - y)^2/2, dimensionless eta*lambda) and a caption
(:func:`nqm_theory.plotting._figure.finish`) that says what is drawn and defines its symbols.
"""
from __future__ import annotations

import numpy as np

from ._figure import finish, plt as _plt

__all__ = ["figure_regimes", "figure_map_vs_params", "figure_peak_vs_width"]

_COLORS = {"monotone": "tab:blue", "catapult": "tab:orange", "divergent": "tab:red",
           "undecided": "tab:gray"}


def _shown(a) -> np.ndarray:
    """Values a log axis can draw: non-finite and > 1e200 (left through the top) as NaN."""
    with np.errstate(all="ignore"):
        a = np.array(a, dtype=float)
        a[~np.isfinite(a) | (np.abs(a) > 1e200)] = np.nan
    return a


def figure_regimes(runs, labels, caption: str):
    """Two panels: loss (log) and eta*lambda(t) against the step, one curve per run.

    Parameters
    ----------
    runs : sequence of MapRun
        Runs with trajectories (``iterate(..., record=True)``).
    labels : sequence of str
        One legend label per run.
    caption : str
        What the data are; the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 5.2), layout="constrained")
    for run, label in zip(runs, labels):
        tr = run.trajectory
        t = np.arange(len(tr.loss))
        col = _COLORS[run.regime.value]
        with np.errstate(all="ignore"):
            loss = _shown(np.clip(np.asarray(tr.loss, dtype=float), 1e-30, None))
        ax1.semilogy(t, loss, color=col, label=f"{label} ({run.regime.value})")
        ax2.plot(t, _shown(tr.v), color=col, label="_" + label)
    finite = [float(r.peak_loss) for r in runs if r.regime.value != "divergent"
              and np.isfinite(float(r.peak_loss))]
    if finite:  # keep the catapult visible: divergent curves leave through the top
        ax1.set_ylim(1e-27, min(max(finite) * 1e4, 1e200))
    ax1.set(xlabel="GD step t", ylabel="loss L(t) = (g - y)^2 / 2  (log scale)",
            title="Loss")
    ax2.axhline(2, ls="--", color="k", lw=0.8)
    ax2.axhline(4, ls=":", color="k", lw=0.8)
    ax2.set(xlabel="GD step t", ylabel="eta * lambda(t)  (dimensionless)",
            title="Kernel", ylim=(0, 4.6))
    ax1.legend(fontsize=8)
    drawn = ["One curve per run, coloured by its regime (blue monotone, orange catapult, red "
             "divergent, grey undecided), the same colours in both panels; losses below 1e-30 "
             "are drawn at 1e-30, values above 1e200 are not drawn.",
             "Left: the loss; divergent runs leave through the top. Right: eta*lambda(t); "
             "black dashed: eta*lambda = 2, black dotted: eta*lambda = 4."]
    return finish(fig, "The three regimes of GD on the one-example NQM", drawn=drawn,
                  context=caption, symbols=("eta", "lambda", "lambda0", "L", "t"))


def figure_map_vs_params(run, hist, caption: str):
    """Overlay of the reduced map and parameter-space GD on the NQM (loss and kernel).

    Parameters
    ----------
    run : MapRun
        The reduced (u, v, w) map run, with trajectory.
    hist : GDHistory
        Parameter-space GD on the same NQM.
    caption : str
        What the data are; the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 5.0), layout="constrained")
    t = np.arange(len(hist.loss))
    n = len(t)
    ax1.semilogy(t, _shown(np.clip(run.trajectory.loss[:n], 1e-30, None)), "o", ms=4,
                 mfc="none", label="reduced (u, v, w) map")
    ax1.semilogy(t, _shown(np.clip(hist.loss, 1e-30, None)), "-",
                 label="parameter-space GD on the NQM")
    ax1.set(xlabel="GD step t", ylabel="loss L(t)  (log scale)", title="Loss")
    ax2.plot(t, run.trajectory.kernel[:n], "o", ms=4, mfc="none", label="reduced (u, v, w) map")
    ax2.plot(t, hist.kernel_eigs[:, 0], "-", label="parameter-space GD on the NQM")
    ax2.set(xlabel="GD step t", ylabel="lambda(t)  (kernel, units of |x|^2/d)", title="Kernel")
    ax1.legend(fontsize=8)
    ax2.legend(fontsize=8)
    drawn = ["Open circles: the reduced (u, v, w) map; solid line: gradient descent on the "
             "parameters of the same NQM. Left: the loss; right: the kernel lambda(t)."]
    return finish(fig, "The reduced map equals parameter-space GD", drawn=drawn,
                  context=caption, symbols=("lambda", "L", "t"))


def figure_peak_vs_width(widths, peaks, deltas, caption: str):
    """Peak loss against width m (log-log), one curve per delta = eta*lambda0 - 2.

    Parameters
    ----------
    widths : array_like
        Widths m.
    peaks : array_like, shape (len(deltas), len(widths))
        Peak loss of each run.
    deltas : sequence of float
        delta = eta*lambda0 - 2 of each row.
    caption : str
        What the data are; the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 5.6), layout="constrained")
    for delta, row in zip(deltas, peaks):
        ax.loglog(widths, _shown(row), "o-", ms=3, label=f"delta = {delta:g}")
    ax.set(xlabel="width m  (neurons, log scale)", ylabel="peak loss max_t L(t)  (log scale)",
           title="Peak loss against width")
    ax.legend(fontsize=8)
    drawn = ["One line with dots per delta: the peak loss max_t L(t) of the run at each width."]
    return finish(fig, "Catapult height against width", drawn=drawn, context=caption,
                  symbols=("m", "delta", "L"))
