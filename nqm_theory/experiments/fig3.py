"""Fig. 3 of the paper (docs/theory.md §7): NQM on n scalar inputs, width m, several eta.

Data: n/2 points with label -1 and x ~ N(-2, 1), n/2 with label +1 and x ~ N(2, 1)
(``rng = default_rng(seed)``), network ``TwoLayerReLU.init(m, 1, seed=seed + 1)``.  The
NQM runs through the exact reduced system (:mod:`nqm_theory.multi.reduction`).

Loss conventions (all GD on the same model; only the step scale differs):

* ``sum_half``  L = 1/2 sum r^2 (theory sections): eta_crit_i = 2/lam_i;
* ``mean_half`` L = 1/(2n) sum r^2: eta_crit_i = 2n/lam_i;
* ``mse_mean``  L = 1/n sum r^2 (e.g. PyTorch ``MSELoss``): eta_crit_i = n/lam_i.

The learning rates of the figure are given in the convention that reproduces the paper's
2/lambda1(0) = 0.37, 2/lambda2(0) = 0.39, which :func:`run` determines (mse_mean).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..multi.reduction import SeveralExamples, iterate_several
from ..params import TwoLayerReLU

__all__ = ["CONVENTIONS", "Fig3Config", "run", "to_sum_eta"]

#: eta_sum = factor(n) * eta_convention
CONVENTIONS = {"sum_half": lambda n: 1.0, "mean_half": lambda n: 1.0 / n,
               "mse_mean": lambda n: 2.0 / n}
PAPER = {"eta_crit_1": 0.37, "eta_crit_2": 0.39}


def to_sum_eta(eta, n, convention):
    """Convert a learning rate of ``convention`` to the sum convention."""
    return eta * CONVENTIONS[convention](n)


@dataclass(frozen=True)
class Fig3Config:
    """Fig. 3 configuration; ``eta_fractions`` place eta relative to the critical rates.

    Each entry ``(kind, t)`` means: ``"sub"``: t * eta_c1; ``"p1_only"``: between eta_c1
    and eta_c2 at fraction t; ``"both"``: between eta_c2 and 2 eta_c1 at fraction t;
    ``"divergent"``: t * 2 eta_c1 (eta_c are 2/lam_i(0) in any convention).
    """

    n: int = 128
    width: int = 5000
    seed: int = 0
    steps: int = 1500
    eta_points: tuple = (("sub", 0.8), ("p1_only", 0.5), ("both", 0.3), ("both", 0.7),
                         ("divergent", 1.05))
    convention: str = "mse_mean"

    def data(self):
        rng = np.random.default_rng(self.seed)
        lab = np.repeat([-1.0, 1.0], [self.n // 2, self.n - self.n // 2])
        x = rng.normal(2.0 * lab, 1.0)
        return x[:, None], lab

    def network(self) -> TwoLayerReLU:
        return TwoLayerReLU.init(self.width, 1, seed=self.seed + 1)

    def lam0(self) -> tuple:
        """(lam_1(0), lam_2(0)) sorted descending (kernel eigenvalues, Prop. 7)."""
        X, y = self.data()
        P = SeveralExamples.from_network(self.network(), X, y, 1.0)
        return tuple(sorted((float(v) for v in P.lam0), reverse=True))

    def etas_sum(self) -> list:
        """Learning rates of ``eta_points`` in the sum convention."""
        l1, l2 = self.lam0()
        c1, c2 = 2 / l1, 2 / l2
        out = []
        for kind, t in self.eta_points:
            out.append({"sub": t * c1, "p1_only": c1 + t * (c2 - c1),
                        "both": c2 + t * (2 * c1 - c2), "divergent": t * 2 * c1}[kind])
        return out


def run(config: Fig3Config = Fig3Config(), *, simulator_check: bool = True) -> dict:
    """Run Fig. 3; returns the numbers and the per-eta trajectories (for plotting)."""
    from ..multi.theorem3 import theorem3_check
    X, y = config.data()
    net = config.network()
    l1, l2 = config.lam0()
    n = config.n
    conv = {name: {"eta_crit_1": 2 / l1 / f(n), "eta_crit_2": 2 / l2 / f(n)}
            for name, f in CONVENTIONS.items()}
    dist = {name: abs(v["eta_crit_1"] - PAPER["eta_crit_1"]) + abs(v["eta_crit_2"] -
                                                                   PAPER["eta_crit_2"])
            for name, v in conv.items()}
    best = min(dist, key=dist.get)
    runs = []
    factor = CONVENTIONS[config.convention](n)
    for eta in config.etas_sum():
        P = SeveralExamples.from_network(net, X, y, eta)
        r = iterate_several(P, steps=config.steps)
        order = np.argsort([-float(v) for v in P.lam0])
        runs.append({"eta": eta / factor, "eta_sum": eta, "run": r, "order": order})
    out = {"name": "fig3", "n": n, "width": config.width, "seed": config.seed,
           "steps": config.steps, "lam1_0": l1, "lam2_0": l2, "conventions": conv,
           "convention": best, "eta_convention": config.convention,
           "eta_crit_1": conv[best]["eta_crit_1"], "eta_crit_2": conv[best]["eta_crit_2"],
           "paper": PAPER, "runs": runs, "theorem3": theorem3_check(config).to_dict(),
           "loss_floor_perp": float(SeveralExamples.from_network(net, X, y, 1.0).frozen_loss)}
    if simulator_check:
        out["simulator_check"] = _simulator_check(net, X, y, runs[2]["eta_sum"])
    return out


def _simulator_check(net, X, y, eta, steps=150) -> dict:
    """Max relative deviation reduced system vs. parameter-space GD on the NQM."""
    from ..params import gradient_descent
    h = gradient_descent(net, X, y, eta=eta, steps=steps, kind="quad", top_k=2)
    P = SeveralExamples.from_network(net, X, y, eta)
    r = iterate_several(P, steps=steps)
    lam = np.sort(r.trajectory.kernel, axis=1)[:, ::-1]
    return {"eta_sum": eta, "steps": steps,
            "loss_max_rel_error": float(np.max(np.abs(r.trajectory.loss - h.loss) / h.loss)),
            "kernel_max_rel_error": float(np.max(np.abs(lam - h.kernel_eigs) / h.kernel_eigs))}


def _fig3_numbers(raw):
    from ._summaries import fig3_numbers
    return fig3_numbers(raw)


def _make():
    from ._base import paper_experiment
    return paper_experiment("fig3", "Fig. 3: NQM on n = 128 scalar inputs, m = 5000; loss and lambda_1, lambda_2 for several eta",
                            Fig3Config, run, numbers=_fig3_numbers)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
