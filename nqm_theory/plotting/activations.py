"""Figures of ``experiment activations`` (issue 11); matplotlib Agg, no computation here.

Each ``figure_*`` returns a figure finished by :func:`nqm_theory.plotting._figure.finish`
(title, caption saying what is drawn, symbol definitions); :func:`plot_activations` saves
them:

* ``activations_phase.png``: per activation, eta*lambda0 x width, colour = mean regime score
  over draws (catapult 1, monotone 0.5, undecided 0.25, divergent 0), limit map on top;
* ``activations_slope.png``: limit-map edges of leaky_relu against its slope and of poly
  against its coefficient, with the kurtosis of the spectral measure;
* ``activations_kurtosis.png``: limit upper edge against the kurtosis, all activations.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ._figure import finish, plt as _plt

__all__ = ["figure_phase", "figure_slope", "figure_kurtosis", "plot_activations"]

_CTX = "Data: nqm-theory experiment activations (exact reduced NQM map; limit by quadrature)."


def figure_phase(raw):
    """Mean regime score per (eta*lambda0, width) and activation."""
    parts = {k[7:]: v for k, v in raw["parts"].items() if k.startswith("window_")}
    n = len(parts)
    cols = min(n, 5)
    rows = -(-n // cols)
    fig, axes = _plt().subplots(rows, cols, figsize=(3.4 * cols, 2.9 * rows + 1.2),
                                squeeze=False, layout="constrained")
    for ax, (name, p) in zip(axes.ravel(), parts.items()):
        v0s = np.asarray(p["v0s"], dtype=float)
        score = [0.5 * np.asarray(w["fractions"]["monotone"], dtype=float)
                 + np.asarray(w["fractions"]["catapult"], dtype=float)
                 + 0.25 * np.asarray(w["fractions"]["undecided"], dtype=float)
                 for w in p["finite"]]
        lim = np.asarray(p["limit"]["regimes"])
        score.append(np.mean(np.choose(lim, [0.5, 1.0, 0.0, 0.25]), axis=0))
        ax.imshow(np.vstack(score), aspect="auto", origin="lower", cmap="viridis", vmin=0,
                  vmax=1, extent=(v0s[0], v0s[-1], -0.5, len(score) - 0.5),
                  interpolation="nearest")
        ax.set_yticks(range(len(score)))
        ax.set_yticklabels([str(w["m"]) for w in p["finite"]] + ["limit"])
        for x in (2, 4):
            ax.axvline(x, color="w", lw=0.8, ls="--")
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("eta*lambda0")
        ax.set_ylabel("width m")
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    return finish(fig, "Regimes of the NQM per activation: eta*lambda0 against the width",
                  drawn=["Colour: mean over draws of catapult 1 (yellow), monotone 0.5, "
                         "undecided 0.25, divergent 0 (purple); top row: the limit map over "
                         "its rho(0) values.", "White dashed lines: eta*lambda0 = 2 and 4 "
                         "(the ReLU window)."], context=_CTX, symbols=("m", "eta*lambda0"))


def _edges(rows, key, pick):
    return [pick([e[key] for e in r["edges"] if e[key]] or [np.nan]) for r in rows]


def figure_slope(raw):
    """Limit-map edges against the activation parameter (leaky_relu, poly)."""
    fig, axes = _plt().subplots(2, 2, figsize=(10, 6.4), layout="constrained",
                                height_ratios=(3, 1.3))
    for col, key, lab in ((0, "slope_leaky", "leaky_relu slope on z < 0"),
                          (1, "slope_poly", "poly coefficient b (z + b z^2)")):
        ax, axk = axes[0, col], axes[1, col]
        rows = raw["parts"].get(key, {}).get("rows", [])
        p = [r["param"] for r in rows]
        ax.plot(p, _edges(rows, "first_divergent", min), "v-",
                label="first divergent (min over rho0)")
        ax.plot(p, _edges(rows, "last_convergent", max), "^-",
                label="last convergent (max over rho0)")
        ax.plot(p, _edges(rows, "lower", min), "o-", label="lower edge (catapult onset)")
        ax.set_xlabel(lab)
        ax.set_ylabel("eta*lambda0")
        ax.set_title(f"{key[6:]}: window edges of the limit map", fontsize=9)
        ax.legend(fontsize=7, loc="center right")
        axk.plot(p, [r["kurtosis"] for r in rows], "k.-", lw=0.8)
        axk.set_xlabel(lab)
        axk.set_ylabel("kurtosis")
        axk.set_title("kurtosis V0 M4 / M2^2 of the spectral measure", fontsize=9)
    return finish(fig, "Window edges of the infinite-width NQM against the activation "
                  "parameter", drawn=["Top: edges of the limit map on its eta*lambda0 grid.",
                                      "Bottom: kurtosis V0 M4 / M2^2 of the spectral "
                                      "measure at t = 0 (1: |kappa| constant)."],
                  context=_CTX, symbols=("eta*lambda0",))


def figure_kurtosis(raw):
    """Upper edge of the limit map against the kurtosis of the spectral measure."""
    fig, ax = _plt().subplots(figsize=(6.5, 4.8), layout="constrained")
    for key, mark in (("slope_leaky", "x"), ("slope_poly", "+")):
        rows = raw["parts"].get(key, {}).get("rows", [])
        if rows:
            ax.plot([r["kurtosis"] for r in rows], _edges(rows, "first_divergent", min),
                    mark, color="0.5", label=f"{key[6:]} over its parameter")
    k = 0
    for name, p in raw["parts"].items():
        if not name.startswith("window_"):
            continue
        fd = [e["first_divergent"] for e in p["limit"]["edges"] if e["first_divergent"]]
        if fd:
            kur = p["moments"]["kurtosis"]
            ax.plot([kur] * len(fd), fd, "o", ms=4, label=name[7:])
            k += 1
    ax.set_xlabel("kurtosis V0 M4 / M2^2 of the spectral measure at t = 0")
    ax.set_ylabel("first divergent eta*lambda0 (limit map)")
    ax.set_title("upper edge against the spread of the NQM curvatures", fontsize=9)
    ax.legend(fontsize=6, ncol=2, loc="lower left")
    return finish(fig, "Upper edge of the catapult window against the kurtosis",
                  drawn=["Dots: each activation, one per value of rho(0) of the limit map; "
                         "grey crosses: leaky_relu and poly over their parameter.",
                         "Kurtosis 1 means |kappa| constant on the support (the ReLU "
                         "window [2, 4])."], context=_CTX, symbols=("eta*lambda0",))


def plot_activations(raw, out) -> list:
    """Write the three figures into ``out``; return their paths."""
    from .._io import atomic_savefig
    plt = _plt()
    paths = []
    for fig, name in ((figure_phase(raw), "activations_phase.png"),
                      (figure_slope(raw), "activations_slope.png"),
                      (figure_kurtosis(raw), "activations_kurtosis.png")):
        path = Path(out) / name
        atomic_savefig(fig, path, dpi=90)
        plt.close(fig)
        paths.append(path)
    return paths
