"""Fig. 8 (docs/theory.md §7): a general quadratic model g(w) = w^T phi + 1/2 gamma w^T Sigma w.

d = 100, one example x with x_i ~ N(0, 1), phi = x/|x|, Sigma = diag(+-1) (random signs),
w0 ~ N(0, I_d), label y = 0 (not stated in docs/theory.md: our choice), sum convention.
Default gamma = 1e-3, eta = 2.8; sweeps over gamma (eta fixed) and eta (gamma fixed).
Simulator: :func:`nqm_theory.params.descend` on :class:`~nqm_theory.params.QuadraticModel`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Fig8Config", "run"]


@dataclass(frozen=True)
class Fig8Config:
    d: int = 100
    seed: int = 0
    steps: int = 1000
    gamma: float = 1e-3
    eta: float = 2.8
    gammas: tuple = (3e-4, 1e-3, 3e-3, 1e-2)
    etas: tuple = (1.5, 2.2, 2.5, 2.8, 3.1)
    label: float = 0.0

    def model(self, gamma):
        from ..params import QuadraticModel
        rng = np.random.default_rng(self.seed)
        x = rng.standard_normal(self.d)
        sig = np.diag(2.0 * rng.integers(0, 2, size=self.d) - 1.0)
        w0 = rng.standard_normal(self.d)
        return QuadraticModel((x / np.linalg.norm(x))[None, :], sig[None], gamma), w0


def _one(config, gamma, eta) -> dict:
    from ..params import descend
    qm, w0 = config.model(gamma)
    h = descend(qm, w0, np.array([config.label]), eta=eta, steps=config.steps)
    return {"gamma": gamma, "eta": eta, "loss": h.loss, "kernel": h.kernel_eigs[:, 0],
            "peak_loss": float(np.nanmax(h.loss)), "initial_loss": float(h.loss[0]),
            "final_loss": float(h.loss[-1]), "lam0": float(h.kernel_eigs[0, 0]),
            "lam_final": float(h.kernel_eigs[-1, 0]), "diverged": h.diverged}


def run(config: Fig8Config = Fig8Config()) -> dict:
    """Default run and the two sweeps; JSON-ready numbers plus arrays for plotting."""
    return {"name": "fig8", "d": config.d, "seed": config.seed, "steps": config.steps,
            "label": config.label, "default": _one(config, config.gamma, config.eta),
            "gamma_sweep": [_one(config, g, config.eta) for g in config.gammas],
            "eta_sweep": [_one(config, config.gamma, e) for e in config.etas]}


def _make():
    from ._base import paper_experiment
    return paper_experiment("fig8", "Fig. 8: general quadratic model, gamma and eta sweeps",
                            Fig8Config, run)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
