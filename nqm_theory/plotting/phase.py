"""Figures of phase diagrams and of the final-kernel orbit diagram (matplotlib, Agg).

Drawing only: the numbers come from :func:`nqm_theory.grid.phase_diagram` and
:mod:`nqm_theory.dynamics`.  Every figure has a title, axis labels with units and a
caption (:func:`nqm_theory.plotting._figure.finish`) that says what is drawn and defines
its symbols.  Theory lines: eta*lambda0 = 2 and 4 (Theorems 1, 4, 5), the exact window
edges at each width (:func:`nqm_theory.sharp.edges.edge_curves`: onset of the catapult
and v0 = 4 + w0), and, thin, the paper's margins 2 + eps(m), 4 - eps(m) with
eps(m) = log(m)/sqrt(m) (Theta-form with unit constant; the paper gives no constant).
"""
from __future__ import annotations

import numpy as np

from ._figure import UNDECIDED, finish, plt as _plt

__all__ = ["figure_phase", "figure_peak_vs_width_grid", "figure_orbits", "eps_margin"]

_REGIMES = ("monotone", "catapult", "divergent", "undecided")
_REGIME_LABELS = ("monotone", "catapult", "divergent", UNDECIDED)
_COLORS = ("tab:blue", "tab:orange", "tab:red", "0.6")
_ETA_LAM0 = "eta * lambda0  (dimensionless)"


def eps_margin(m):
    """eps(m) = log(m) / sqrt(m): Theorem 1/4's Theta(log m / sqrt m) with constant 1."""
    m = np.asarray(m, dtype=float)
    return np.log(m) / np.sqrt(m)


def _theory(ax, width, pd, labels: bool):
    lab = (lambda s: s) if labels else (lambda s: "_" + s)
    ax.axhline(2, color="k", ls="--", lw=0.9, label=lab("eta*lambda0 = 2"))
    ax.axhline(4, color="k", ls=":", lw=0.9, label=lab("eta*lambda0 = 4"))
    e = eps_margin(width)
    ax.plot(width, 2 + e, color="k", lw=0.5, ls="-.", label=lab("2 + eps(m), 4 - eps(m)"))
    ax.plot(width, 4 - e, color="k", lw=0.5, ls="-.", label="_4 - eps(m)")
    from ..sharp.edges import edge_curves
    m = np.geomspace(float(np.min(width)), float(np.max(width)), 48)
    lo, hi = edge_curves(m, pd.g0, pd.y, pd.x2d, pd.lam0)
    ax.plot(m, lo, color="c", lw=1.0, label=lab("exact edges v_L(m), 4 + w0(m)"))
    ax.plot(m, hi, color="c", lw=1.0, label="_upper edge")


def figure_phase(pd, caption: str):
    """Three panels over (width, eta*lambda0): regime, log10 peak loss, eta*lambda_inf.

    Parameters
    ----------
    pd : PhaseDiagram
        The grid (:func:`nqm_theory.grid.phase_diagram`).
    caption : str
        What the data are (configuration, command); the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    plt = _plt()
    fig, axes = plt.subplots(1, 3, figsize=(15, 5.4), sharey=True, layout="constrained")
    codes = np.zeros(pd.regime.shape, dtype=np.int8)
    for k, r in enumerate(_REGIMES):
        codes[pd.regime == r] = k
    ext = dict(shading="nearest")
    X, Y = pd.width, pd.eta_lam0
    im = axes[0].pcolormesh(X, Y, codes, cmap=ListedColormap(_COLORS),
                            norm=BoundaryNorm(np.arange(-0.5, 4.5), 4), **ext)
    cb = fig.colorbar(im, ax=axes[0], ticks=range(4))
    cb.ax.set_yticklabels(_REGIME_LABELS, fontsize=8)
    with np.errstate(all="ignore"):
        pk = np.where(pd.regime == "divergent", np.nan, np.log10(pd.peak_loss))
        fin = np.where(pd.regime == "divergent", np.nan, pd.eta_lam_final)
    fig.colorbar(axes[1].pcolormesh(X, Y, pk, cmap="viridis", **ext), ax=axes[1],
                 label="log10 of the peak loss max_t L(t)  (L in loss units)")
    top = max(4, np.nanmax(fin) if np.isfinite(fin).any() else 4)
    fig.colorbar(axes[2].pcolormesh(X, Y, fin, cmap="magma", vmin=0, vmax=top, **ext),
                 ax=axes[2], label="eta * lambda_inf  (dimensionless)")
    for k, (ax, title) in enumerate(zip(axes, ("Regime of each cell", "Peak loss",
                                               "Final kernel eta*lambda_inf"))):
        ax.set_xscale("log")
        _theory(ax, X, pd, labels=k == 0)
        ax.set(xlabel="width m  (neurons, log scale)", title=title)
    axes[0].set_ylabel(_ETA_LAM0)
    axes[0].legend(loc="lower right", fontsize=7)
    drawn = [f"Each cell is one GD run of at most {pd.max_steps} steps. Left: its regime; "
             f"grey cells ({UNDECIDED}) reached the step cap before a regime was decided, "
             "they are not a phase.",
             "Middle: log10 of the largest loss of the run; right: eta*lambda at the end of "
             "the run; divergent cells are left blank (white) in both.",
             "Black lines in every panel: dashed eta*lambda0 = 2, dotted eta*lambda0 = 4, "
             "dash-dot 2 + eps(m) and 4 - eps(m); cyan: the exact window edges at each "
             "width (lower: onset of the catapult; upper: v0 = 4 + w0, above which GD "
             "does not converge), from `nqm-theory edges`."]
    return finish(fig, "Phase diagram of GD on the one-example NQM", drawn=drawn,
                  context=caption, symbols=("m", "eta*lambda0", "lambda_inf", "L", "eps(m)"))


def figure_peak_vs_width_grid(pd, rows, caption: str):
    """Peak loss against width for the eta*lambda0 rows nearest to ``rows`` (log-log).

    Parameters
    ----------
    pd : PhaseDiagram
        The grid.
    rows : sequence of float
        eta*lambda0 values; the nearest grid row of each is drawn.
    caption : str
        What the data are; the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
    shape_drawn = False
    for target in rows:
        i = int(np.argmin(np.abs(pd.eta_lam0 - target)))
        ok = pd.regime[i] != "divergent"
        el = pd.eta_lam0[i]
        ax.loglog(pd.width[ok], pd.peak_loss[i, ok], label=f"eta*lambda0 = {el:.3g}")
        if 2 < el < 4 and ok.sum() > 1:  # theory shape, scaled through the middle point
            m = pd.width[ok]
            shape = m * (el - 2) ** 2 / np.log(m)
            k = len(m) // 2
            ax.loglog(m, shape * pd.peak_loss[i, ok][k] / shape[k], ls=":", color="0.4", lw=0.8,
                      label="_" * shape_drawn + "m delta^2 / log m (Theorem 1), scaled")
            shape_drawn = True
    ax.set(xlabel="width m  (neurons, log scale)",
           ylabel="peak loss max_t L(t)  (loss units, log scale)",
           title="Peak loss against width, one curve per learning rate")
    ax.legend(fontsize=8)
    drawn = ["Solid: the peak loss of the grid cells in the eta*lambda0 rows listed in the "
             "legend (divergent cells omitted)."]
    if shape_drawn:
        drawn.append("Dotted grey (for 2 < eta*lambda0 < 4): the shape m delta^2 / log m of "
                     "Theorem 1's lower bound, scaled to pass through the middle point.")
    return finish(fig, "Catapult height against width (phase-diagram grid)", drawn=drawn,
                  context=caption, symbols=("m", "eta*lambda0", "delta", "L"))


def _orbit_panels(ax, od_full, od_zoom):
    for od, a, title in ((od_full, ax[0, 0], "Final kernel against learning rate"),
                         (od_zoom, ax[0, 1], "Zoom just below eta*lambda0 = 4")):
        for j, m in enumerate(od.width):
            ok = od.regime[:, j] != "divergent"
            a.plot(od.eta_lam0[ok], od.eta_lam_final[ok, j], ".", ms=1, mew=0,
                   label=f"m = {m:.0e}".replace("e+0", "e"))
        a.axhline(2, color="k", ls="--", lw=0.8, label="eta*lambda_inf = 2")
        a.set(xlabel=_ETA_LAM0, ylabel="eta * lambda_inf  (dimensionless)", title=title)
        a.legend(markerscale=6, fontsize=8)


def figure_orbits(od_full, od_zoom, unc, ftles, caption: str):
    """Four panels: orbit diagram, zoom below eta*lambda0 = 4, uncertainty f(eps), FTLE.

    Parameters
    ----------
    od_full, od_zoom : OrbitDiagram
        Final kernel against eta*lambda0 over the whole range and just below 4.
    unc : sequence of Uncertainty
        Uncertainty measurements near eta*lambda0 = 4, one per width.
    ftles : sequence of (str, FTLE)
        Labelled finite-time Lyapunov exponents.
    caption : str
        What the data are; the figure adds what is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    fig, ax = plt.subplots(2, 2, figsize=(13, 10.5), layout="constrained")
    _orbit_panels(ax, od_full, od_zoom)
    for u in unc:
        ok = u.fraction > 0
        ax[1, 0].loglog(u.eps[ok], u.fraction[ok], "o-",
                        label=f"m = {u.width:.0e}: alpha = {u.alpha:.2f}".replace("e+0", "e"))
    ax[1, 0].set(xlabel="separation eps of the two learning rates, in eta*lambda0  (log scale)",
                 ylabel="fraction of pairs with different outcomes  (log scale)",
                 title="Uncertainty exponent near eta*lambda0 = 4")
    ax[1, 0].legend(fontsize=8)
    for label, f in ftles:
        n = np.arange(1, len(f.cumulative) + 1)
        ax[1, 1].plot(n, f.cumulative, label=f"{label.replace('lam0', 'lambda0')} ({f.regime})")
    ax[1, 1].axhline(0, color="k", lw=0.8, label="FTLE = 0")
    ax[1, 1].set(xlabel="number of GD steps t  (log scale)",
                 ylabel="FTLE over the first t steps  (per step, natural log)",
                 title="Finite-time Lyapunov exponents", xscale="log")
    ax[1, 1].legend(fontsize=8)
    drawn = ["Top: eta*lambda at the end of each converged run (one dot per learning rate and "
             "width; divergent runs omitted), over the whole range (left) and just below "
             "eta*lambda0 = 4 (right); dashed black: eta*lambda_inf = 2, the stability edge of "
             "Theorem 2.",
             "Bottom left: fraction of learning-rate pairs eps apart with different outcomes, "
             "with the fitted exponent alpha per width (zero fractions are not drawn).",
             "Bottom right: the FTLE over the first t steps for three learning rates; solid "
             "black: FTLE = 0."]
    return finish(fig, "Is the catapult chaotic? Final kernel, uncertainty, Lyapunov exponents",
                  drawn=drawn, context=caption,
                  symbols=("m", "eta*lambda0", "lambda_inf", "alpha", "FTLE"))
