"""Fig. 5 (PAPER.md §7): the Fig. 3 configuration for the network f and for f_lin.

Parameter-space GD (:func:`nqm_theory.params.gradient_descent`) at the Fig. 3 learning
rates; records the loss and the top-2 kernel eigenvalues.  For f_lin the kernel is
constant, so eta_crit = eta_max = 2/lam_1(0): above it f_lin diverges.
"""
from __future__ import annotations

import numpy as np

from .fig3 import Fig3Config

__all__ = ["run"]


def run(config: Fig3Config = Fig3Config(steps=300)) -> dict:
    """Run f ("net") and f_lin ("lin") at ``config.etas_sum()``; JSON-ready numbers + histories."""
    from ..params import gradient_descent
    X, y = config.data()
    net = config.network()
    l1, l2 = config.lam0()
    factor = 2.0 / config.n if config.convention == "mse_mean" else 1.0
    runs = []
    for eta in config.etas_sum():
        for kind in ("net", "lin"):
            h = gradient_descent(net, X, y, eta=eta, steps=config.steps, kind=kind, top_k=2)
            runs.append({"eta": eta / factor, "eta_sum": eta, "kind": kind, "history": h,
                         "diverged": h.diverged, "peak_loss": float(np.nanmax(h.loss)),
                         "final_loss": float(h.loss[-1]),
                         "lam_final": [float(v) for v in h.kernel_eigs[-1]]})
    return {"name": "fig5", "n": config.n, "width": config.width, "seed": config.seed,
            "steps": config.steps, "lam1_0": l1, "lam2_0": l2,
            "eta_crit_1": config.n / l1 if config.convention == "mse_mean" else 2 / l1,
            "eta_crit_2": config.n / l2 if config.convention == "mse_mean" else 2 / l2,
            "convention": config.convention, "runs": runs}
