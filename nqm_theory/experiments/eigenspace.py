""""The catapult happens in the top eigenspace" (docs/theory.md §6, Theorem 3 for general d).

Two models with several examples and no exact low-dimensional reduction, run with the
parameter-space simulator (sum convention L = 1/2 sum_k (f_k - y_k)^2):

* ``quadratic``: the Fig. 8 general quadratic model extended to n examples,
  g_k(w) = w^T x_k/|x_k| + 1/2 gamma w^T Sigma_k w, x_k ~ N(0, I_d), Sigma_k = diag(+-1)
  (independent random signs per example), w0 ~ N(0, I_d), y = 0;
* ``relu_nqm``: the ReLU NQM (docs/theory.md §2) with d = 5, n = 16 inputs x_k ~ N(0, I_d),
  labels y_k = +-1 at random, width m.

With lam_1(0) >= lam_2(0) >= ... the kernel eigenvalues at initialisation, each model is
run at two learning rates: ``top1`` (midway between 2/lam_1(0) and 2/lam_2(0): only the
top direction is super-critical) and ``top2`` (midway between 2/lam_2(0) and
min(2/lam_3(0), 4/lam_1(0))).  The loss is split with :func:`nqm_theory.multi.eigen_projection`
into the part on the top-k eigenvectors of K(0) (k = number of super-critical directions),
the same on the top-k eigenvectors of K(t) (tracked), and the rest (orthogonal to the
top-k of K(0)).  Claim checked: at the loss peak almost all the loss lies in the top-k
eigenspace.  The orthogonal part is exactly frozen only for d = 1 (Prop. 9); here it is
not: the eigenvectors of K(t) rotate during the spike and the rest rises too, but only
to a fraction of the peak (``rest_max_over_peak``: measured, not assumed).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EigenspaceConfig", "run", "split_loss"]


@dataclass(frozen=True)
class EigenspaceConfig:
    """Configuration; ``seed`` draws data, initialisation and signs (``default_rng``)."""

    n: int = 16
    d_quadratic: int = 100
    gamma: float = 1e-3
    d_relu: int = 5
    width: int = 2000
    seed: int = 0
    steps: int = 300

    def quadratic(self):
        """(model, w0, y) of the n-example Fig. 8 model."""
        from ..params import QuadraticModel
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((self.n, self.d_quadratic))
        phi = X / np.linalg.norm(X, axis=1)[:, None]
        signs = 2.0 * rng.integers(0, 2, size=(self.n, self.d_quadratic)) - 1.0
        Sig = np.stack([np.diag(s) for s in signs])
        w0 = rng.standard_normal(self.d_quadratic)
        return QuadraticModel(phi, Sig, self.gamma), w0, np.zeros(self.n)

    def relu_nqm(self):
        """(bound NQM, w0, y) of the ReLU NQM, network seed ``seed + 1``."""
        from ..params import TwoLayerReLU
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((self.n, self.d_relu))
        y = 2.0 * rng.integers(0, 2, size=self.n) - 1.0
        bound = TwoLayerReLU.init(self.width, self.d_relu, seed=self.seed + 1).bind(
            X, kind="quad")
        return bound, bound.w0, y


def _etas(lam) -> dict:
    """The two learning rates (sum convention) from the sorted eigenvalues ``lam``."""
    c = 2.0 / np.asarray(lam[:3])
    return {"top1": 0.5 * (c[0] + c[1]),
            "top2": 0.5 * (c[1] + min(c[2], 2.0 * c[0]))}


def split_loss(history, y, k: int) -> dict:
    """Loss on the top-k eigenvectors of K(0), of K(t), and the rest (docs/theory.md §6).

    Examples
    --------
    >>> cfg = EigenspaceConfig(n=4, d_quadratic=20, steps=5)
    >>> from nqm_theory.params import descend
    >>> qm, w0, y = cfg.quadratic()
    >>> h = descend(qm, w0, y, eta=0.5, steps=5, record_vectors=True)
    >>> s = split_loss(h, y, 1)
    >>> bool(np.allclose(s["top_initial"] + s["rest_initial"], h.loss))
    True
    """
    from ..multi.eigen import eigen_projection
    P = eigen_projection(history, y)
    top0 = P.initial[:, :k].sum(axis=1)
    return {"top_initial": top0, "top_tracked": P.current[:, :k].sum(axis=1),
            "rest_initial": np.asarray(history.loss, dtype=float) - top0}


def _one(model, w0, y, eta, k, steps) -> dict:
    from ..params import descend
    h = descend(model, w0, y, eta=eta, steps=steps, record_vectors=True)
    s = split_loss(h, y, k)
    loss = np.asarray(h.loss, dtype=float)
    tp = int(np.argmax(loss))
    rest = s["rest_initial"]
    return {"eta": float(eta), "k": k, "diverged": h.diverged, "steps": h.steps,
            "initial_loss": float(loss[0]), "peak_loss": float(loss[tp]), "peak_step": tp,
            "final_loss": float(loss[-1]),
            "peak_fraction_top_initial": float(s["top_initial"][tp] / loss[tp]),
            "peak_fraction_top_tracked": float(s["top_tracked"][tp] / loss[tp]),
            "rest_initial_0": float(rest[0]), "rest_max": float(np.max(rest)),
            "rest_max_over_initial": float(np.max(rest) / rest[0]),
            "rest_max_over_peak": float(np.max(rest) / loss[tp]),
            "rest_tracked_max_over_peak": float(np.max(loss - s["top_tracked"]) / loss[tp]),
            "lam_0": [float(v) for v in h.kernel_eigs[0, :3]],
            "lam_final": [float(v) for v in h.kernel_eigs[-1, :3]],
            "loss": loss, "split": s, "kernel": h.kernel_eigs[:, :3]}


def run(config: EigenspaceConfig = EigenspaceConfig()) -> dict:
    """Both models at both learning rates; JSON-ready numbers plus arrays for plotting."""
    models = {"quadratic": config.quadratic(), "relu_nqm": config.relu_nqm()}
    out = {"name": "eigenspace", "n": config.n, "seed": config.seed, "steps": config.steps,
           "gamma": config.gamma, "d_quadratic": config.d_quadratic,
           "d_relu": config.d_relu, "width": config.width,
           "loss_convention": "sum_half: L = 1/2 sum_k (f_k - y_k)^2", "models": {}}
    for name, (model, w0, y) in models.items():
        lam = np.sort(np.linalg.eigvalsh(model.kernel(w0)))[::-1]
        runs = [_one(model, w0, y, eta, k, config.steps)
                for k, eta in ((1, _etas(lam)["top1"]), (2, _etas(lam)["top2"]))]
        out["models"][name] = {"lam_0": [float(v) for v in lam[:4]],
                               "eta_crit": [float(2 / v) for v in lam[:3]],
                               "eta_max_linear": float(4 / lam[0]), "runs": runs}
    return out


def _make():
    from ._base import paper_experiment
    return paper_experiment("eigenspace", "the catapult happens in the top eigenspace of the kernel (quadratic model and ReLU NQM)",
                            EigenspaceConfig, run)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
