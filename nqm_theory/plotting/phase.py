"""Figures of phase diagrams and of the final-kernel orbit diagram (matplotlib, Agg).

Drawing only: the numbers come from :func:`nqm_theory.grid.phase_diagram` and
:mod:`nqm_theory.dynamics`.  Every figure has axis labels with units and a caption line.
Theory lines: eta*lam0 = 2 and 4 (PAPER.md Theorems 1, 4, 5), the exact window edges
at each width (:func:`nqm_theory.sharp.edges.edge_curves`: onset of the catapult and
v0 = 4 + w0), and, thin, the paper's margins 2 + eps(m), 4 - eps(m) with
eps(m) = log(m)/sqrt(m) (Theta-form with unit constant; the paper gives no constant).
"""
from __future__ import annotations

import numpy as np

__all__ = ["figure_phase", "figure_peak_vs_width_grid", "figure_orbits", "eps_margin"]

_REGIMES = ("monotone", "catapult", "divergent", "undecided")
_COLORS = ("tab:blue", "tab:orange", "tab:red", "0.6")


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def eps_margin(m):
    """eps(m) = log(m) / sqrt(m): Theorem 1/4's Theta(log m / sqrt m) with constant 1."""
    m = np.asarray(m, dtype=float)
    return np.log(m) / np.sqrt(m)


def _theory(ax, width, pd):
    for k, ls in ((2, "--"), (4, ":")):
        ax.axhline(k, color="k", ls=ls, lw=0.9)
    e = eps_margin(width)
    ax.plot(width, 2 + e, color="k", lw=0.5, ls="-.")
    ax.plot(width, 4 - e, color="k", lw=0.5, ls="-.", label="2 + eps(m), 4 - eps(m)")
    from ..sharp.edges import edge_curves
    m = np.geomspace(float(np.min(width)), float(np.max(width)), 48)
    lo, hi = edge_curves(m, pd.g0, pd.y, pd.x2d, pd.lam0)
    ax.plot(m, lo, color="c", lw=1.0)
    ax.plot(m, hi, color="c", lw=1.0, label="exact edges v_L(m), 4 + w0(m)")


def figure_phase(pd, caption: str):
    """Three panels over (width, eta*lam0): regime, log10 peak loss, eta*lambda_inf."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    plt = _plt()
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), sharey=True)
    codes = np.zeros(pd.regime.shape, dtype=np.int8)
    for k, r in enumerate(_REGIMES):
        codes[pd.regime == r] = k
    ext = dict(shading="nearest")
    X, Y = pd.width, pd.eta_lam0
    im = axes[0].pcolormesh(X, Y, codes, cmap=ListedColormap(_COLORS),
                            norm=BoundaryNorm(np.arange(-0.5, 4.5), 4), **ext)
    cb = fig.colorbar(im, ax=axes[0], ticks=range(4))
    cb.ax.set_yticklabels(_REGIMES)
    with np.errstate(all="ignore"):
        pk = np.where(pd.regime == "divergent", np.nan, np.log10(pd.peak_loss))
        fin = np.where(pd.regime == "divergent", np.nan, pd.eta_lam_final)
    fig.colorbar(axes[1].pcolormesh(X, Y, pk, cmap="viridis", **ext), ax=axes[1],
                 label="log10 peak loss  (units of y^2)")
    fig.colorbar(axes[2].pcolormesh(X, Y, fin, cmap="magma", vmin=0, vmax=max(4, np.nanmax(
        fin) if np.isfinite(fin).any() else 4), **ext), ax=axes[2],
        label="eta * lambda_inf  (dimensionless)")
    for ax, title in zip(axes, ("Regime", "Peak loss (divergent: blank)",
                                "Final kernel eta*lambda_inf")):
        ax.set_xscale("log")
        _theory(ax, X, pd)
        ax.set(xlabel="width m  (neurons, log scale)", title=title)
    axes[0].set_ylabel("eta * lambda0  (dimensionless)")
    axes[0].legend(loc="lower right", fontsize=7)
    fig.text(0.01, 0.01, caption, fontsize=8, wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def figure_peak_vs_width_grid(pd, rows, caption: str):
    """Peak loss against width for the eta*lam0 rows nearest to ``rows`` (log-log)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 5.2))
    for target in rows:
        i = int(np.argmin(np.abs(pd.eta_lam0 - target)))
        ok = pd.regime[i] != "divergent"
        el = pd.eta_lam0[i]
        ax.loglog(pd.width[ok], pd.peak_loss[i, ok], label=f"eta*lam0 = {el:.3g}")
        if 2 < el < 4 and ok.sum() > 1:  # theory shape, scaled through the middle point
            m = pd.width[ok]
            shape = m * (el - 2) ** 2 / np.log(m)
            k = len(m) // 2
            ax.loglog(m, shape * pd.peak_loss[i, ok][k] / shape[k], ls=":", color="0.4", lw=0.8)
    ax.set(xlabel="width m  (neurons)", ylabel="peak loss max_t L(t)  (units of y^2)",
           title="Peak loss vs width (dotted: m (eta*lam0 - 2)^2 / log m, scaled; Thm 1)")
    ax.legend(fontsize=8)
    fig.text(0.01, 0.01, caption, fontsize=8, wrap=True)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def figure_orbits(od_full, od_zoom, unc, ftles, caption: str):
    """Four panels: orbit diagram, zoom below eta*lam0 = 4, uncertainty f(eps), FTLE."""
    plt = _plt()
    fig, ax = plt.subplots(2, 2, figsize=(13, 9))
    for od, a, title in ((od_full, ax[0, 0], "Final kernel vs learning rate"),
                         (od_zoom, ax[0, 1], "Zoom below eta*lam0 = 4")):
        for j, m in enumerate(od.width):
            ok = od.regime[:, j] != "divergent"
            a.plot(od.eta_lam0[ok], od.eta_lam_final[ok, j], ",", ms=1, label=f"m = {m:.0e}")
        a.axhline(2, color="k", ls="--", lw=0.8)
        a.set(xlabel="eta * lambda0  (dimensionless)",
              ylabel="eta * lambda_inf  (dimensionless)", title=title)
        a.legend(markerscale=20, fontsize=8)
    for u in unc:
        ok = u.fraction > 0
        ax[1, 0].loglog(u.eps[ok], u.fraction[ok], "o-",
                        label=f"m = {u.width:.0e}: alpha = {u.alpha:.2f}")
    ax[1, 0].set(xlabel="separation eps in eta*lam0  (dimensionless)",
                 ylabel="fraction of pairs with different outcome",
                 title="Uncertainty exponent near 4/lam0 (alpha < 1: fractal)")
    ax[1, 0].legend(fontsize=8)
    for label, f in ftles:
        ax[1, 1].plot(f.cumulative, label=f"{label} ({f.regime})")
    ax[1, 1].axhline(0, color="k", lw=0.8)
    ax[1, 1].set(xlabel="GD step t", ylabel="FTLE over [0, t]  (per step, natural log)",
                 title="Finite-time Lyapunov exponents", xscale="log")
    ax[1, 1].legend(fontsize=8)
    fig.text(0.01, 0.01, caption, fontsize=8, wrap=True)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
