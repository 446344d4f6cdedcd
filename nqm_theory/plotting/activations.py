"""Figures of ``experiment activations`` (issue 11); matplotlib Agg, no computation here.

* ``activations_phase.png``: per activation, eta*lam0 x width, colour = mean regime score
  over draws (catapult 1, monotone 0.5, undecided 0.25, divergent 0), limit map on top;
* ``activations_slope.png``: limit-map edges of leaky_relu against its slope alpha and of
  poly against b, with the kurtosis of the spectral measure;
* ``activations_kurtosis.png``: limit upper edge against the kurtosis, all activations.
"""
from __future__ import annotations

import numpy as np

from .experiments import _plt, _save

__all__ = ["plot_activations"]


def _phase(plt, raw, out):
    parts = {k[7:]: v for k, v in raw["parts"].items() if k.startswith("window_")}
    n = len(parts)
    cols = min(n, 5)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows + 0.6),
                             squeeze=False)
    for ax, (name, p) in zip(axes.ravel(), parts.items()):
        v0s = np.asarray(p["v0s"], dtype=float)
        conv = [0.5 * np.asarray(w["fractions"]["monotone"], dtype=float)
                + np.asarray(w["fractions"]["catapult"], dtype=float)
                + 0.25 * np.asarray(w["fractions"]["undecided"], dtype=float)
                for w in p["finite"]]
        lim = np.asarray(p["limit"]["regimes"])
        lim_conv = np.mean(np.choose(lim, [0.5, 1.0, 0.0, 0.25]), axis=0)
        img = np.vstack(conv + [lim_conv])
        ax.imshow(img, aspect="auto", origin="lower", cmap="viridis", vmin=0, vmax=1,
                  extent=(v0s[0], v0s[-1], -0.5, len(conv) + 0.5), interpolation="nearest")
        ax.set_yticks(range(len(conv) + 1))
        ax.set_yticklabels([str(w["m"]) for w in p["finite"]] + ["limit"])
        for x in (2, 4):
            ax.axvline(x, color="w", lw=0.8, ls="--")
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("eta * lambda(0)")
        ax.set_ylabel("width m")
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    return _save(plt, fig, out / "activations_phase.png",
                 "Exact reduced NQM map, mean over draws of: catapult 1 (yellow), monotone "
                 "0.5 (teal), undecided 0.25, divergent 0 (purple); dashed: the ReLU window "
                 "[2, 4]; top row: the limit map over rho(0).")


def _slope(plt, raw, out):
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    for ax, key, lab in ((axes[0], "slope_leaky", "leaky_relu slope alpha"),
                         (axes[1], "slope_poly", "poly coefficient b (z + b z^2)")):
        rows = raw["parts"].get(key, {}).get("rows", [])
        if not rows:
            ax.axis("off")
            continue
        p = [r["param"] for r in rows]
        fd = [min([e["first_divergent"] for e in r["edges"] if e["first_divergent"]] or
                  [np.nan]) for r in rows]
        lc = [max([e["last_convergent"] for e in r["edges"] if e["last_convergent"]] or
                  [np.nan]) for r in rows]
        lo = [min([e["lower"] for e in r["edges"] if e["lower"]] or [np.nan]) for r in rows]
        ax.plot(p, fd, "v-", label="first divergent (min over rho0)")
        ax.plot(p, lc, "^-", label="last convergent (max over rho0)")
        ax.plot(p, lo, "o-", label="lower edge (catapult onset)")
        ax.axhline(4, color="k", lw=0.6, ls=":")
        ax.axhline(2, color="k", lw=0.6, ls=":")
        ax2 = ax.twinx()
        ax2.plot(p, [r["kurtosis"] for r in rows], "k--", lw=0.8)
        ax2.set_ylabel("kurtosis (dashed)")
        ax.set_xlabel(lab)
        ax.set_ylabel("eta * lambda(0)")
        ax.legend(fontsize=7)
    return _save(plt, fig, out / "activations_slope.png",
                 "Infinite-width limit map: window edges against the activation parameter.")


def _kurtosis(plt, raw, out):
    fig, ax = plt.subplots(figsize=(6, 4))
    for key, mark in (("slope_leaky", "x"), ("slope_poly", "+")):
        rows = raw["parts"].get(key, {}).get("rows", [])
        xs = [r["kurtosis"] for r in rows]
        ys = [min([e["first_divergent"] for e in r["edges"] if e["first_divergent"]] or
                  [np.nan]) for r in rows]
        if rows:
            ax.plot(xs, ys, mark, color="0.5", label=f"{key[6:]} over its parameter")
    k = 0
    for name, p in raw["parts"].items():
        if not name.startswith("window_"):
            continue
        kur = p["moments"]["kurtosis"]
        fd = [e["first_divergent"] for e in p["limit"]["edges"] if e["first_divergent"]]
        if fd:
            ax.plot([kur] * len(fd), fd, "o", ms=4)
            ax.annotate(name[7:], (kur, min(fd)), fontsize=7,
                        xytext=(4, -10 - 8 * (k % 4)), textcoords="offset points")
            k += 1
    ax.set_xlabel("kurtosis V0 M4 / M2^2 of the spectral measure at t = 0")
    ax.set_ylabel("first divergent eta*lambda(0), limit map")
    ax.legend(fontsize=7, loc="upper right")
    return _save(plt, fig, out / "activations_kurtosis.png",
                 "Upper edge of the limit map against the spread of the NQM curvatures "
                 "(kurtosis 1: |kappa| constant, the ReLU window).")


def plot_activations(raw, out) -> list:
    """Write the three figures into ``out``; return their paths."""
    plt = _plt()
    paths = [_phase(plt, raw, out), _slope(plt, raw, out), _kurtosis(plt, raw, out)]
    plt.close("all")
    return paths
