"""Fig. 5 (docs/theory.md §7): the Fig. 3 configuration for the network f and for f_lin.

Parameter-space GD (:func:`nqm_theory.params.gradient_descent`) at the Fig. 3 learning
rates; records the loss (sum convention L = 1/2 sum_k (f_k - y_k)^2) and the top-2 kernel
eigenvalues.  For f_lin the kernel is constant, so eta_crit = eta_max = 2/lam_1(0) (sum
convention): above it the residual along the top eigenvector is multiplied by
(1 - eta lam_1(0)) per step and the loss grows asymptotically by (1 - eta lam_1(0))^2.
For d = 1 both f and f_lin have outputs in span{p_1, p_2} (f is linear in x on each sign),
so the loss orthogonal to p_1, p_2 (``L_perp``, Prop. 9) is a floor that GD cannot remove.
"""
from __future__ import annotations

import numpy as np

from .fig3 import CONVENTIONS, Fig3Config

__all__ = ["DEFAULT", "outcome", "run"]


def outcome(loss, floor: float = 0.0, *, tail: int = 5) -> dict:
    """Classify a loss curve: ``diverged`` / ``diverging`` / ``converged`` / ``undecided``.

    ``diverging`` means the last ``tail`` per-step ratios of L - floor all exceed 1 and
    the loss is above its initial value: geometric growth that has not yet crossed the
    overflow threshold (``ratio`` is the last one).  ``catapult`` is True iff the loss
    rose above L(0) and the run is not divergent.

    Examples
    --------
    >>> o = outcome(np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]))
    >>> o["status"], o["ratio"]
    ('diverging', 2.0)
    >>> outcome(np.array([4.0, 9.0, 1.0, 1e-3, 1e-9]))["catapult"]
    True
    """
    L = np.asarray(loss, dtype=float)
    with np.errstate(all="ignore"):
        excess = L - floor
        ratios = excess[1:] / excess[:-1]
    last = ratios[-tail:] if ratios.size else ratios
    ratio = float(ratios[-1]) if ratios.size else float("nan")
    if not np.all(np.isfinite(L)) or L[-1] > 1e100:
        status = "diverged"
    elif last.size == tail and np.all(last > 1.0) and L[-1] > L[0]:
        status = "diverging"
    elif excess[-1] <= 1e-6 * max(excess[0], 1e-300):
        status = "converged"
    else:
        status = "undecided"
    catapult = status in ("converged", "undecided") and bool(np.nanmax(L) > L[0])
    return {"status": status, "ratio": ratio, "catapult": catapult}


#: Default configuration: Fig. 3's data, width and learning rates, 300 GD steps.
DEFAULT = Fig3Config(steps=300)


def run(config: Fig3Config = DEFAULT) -> dict:
    """Run f ("net") and f_lin ("lin") at ``config.etas_sum()``; JSON-ready numbers + histories."""
    from ..multi.reduction import SeveralExamples
    from ..params import gradient_descent
    X, y = config.data()
    net = config.network()
    l1, l2 = config.lam0()
    floor = float(SeveralExamples.from_network(net, X, y, 1.0).frozen_loss)
    factor = CONVENTIONS[config.convention](config.n)
    runs = []
    for eta in config.etas_sum():
        for kind in ("net", "lin"):
            h = gradient_descent(net, X, y, eta=eta, steps=config.steps, kind=kind, top_k=2)
            o = outcome(h.loss, floor)
            if h.diverged:
                o["status"] = "diverged"
            runs.append({"eta": eta / factor, "eta_sum": eta, "kind": kind, "history": h,
                         "diverged": h.diverged, "status": o["status"],
                         "growth_ratio": o["ratio"], "catapult": o["catapult"],
                         "linear_ratio_theory": (1 - eta * l1) ** 2,
                         "peak_loss": float(np.nanmax(h.loss)),
                         "final_loss": float(h.loss[-1]),
                         "lam_final": [float(v) for v in h.kernel_eigs[-1]]})
    return {"name": "fig5", "n": config.n, "width": config.width, "seed": config.seed,
            "steps": config.steps, "lam1_0": l1, "lam2_0": l2,
            "eta_crit_1": 2 / l1 / factor, "eta_crit_2": 2 / l2 / factor,
            "convention": config.convention, "loss_floor_perp": floor,
            "loss_reported_as": "sum_half: L = 1/2 sum_k (f_k - y_k)^2", "runs": runs}


def _make():
    from ._base import paper_experiment
    return paper_experiment("fig5", "Fig. 5: the network f and f_lin on the Fig. 3 data (about 2 min)",
                            Fig3Config, run, default=lambda: DEFAULT)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
