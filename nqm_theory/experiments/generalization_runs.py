"""Configuration and single runs of the generalisation sweep (docs/theory.md §7, Fig. 2b/4).

One run = (dataset, model, eta / eta_crit, seed): the data split uses ``seed``, the
network ``MultiOutputReLU.init(width, d, k, seed=seed + 1)`` (as ``experiments.fig3``);
eta = (eta / eta_crit) x eta_crit(seed), eta_crit = 1 / (c(n) lambda_max(K(0))) in the
loss convention (:mod:`nqm_theory.params.record`).  Runs below eta_crit get a step budget
``ceil(steps / (eta / eta_crit))`` (the same eta x t as a run at eta_crit), so a small rate
is not penalised for learning slowly; runs at or above eta_crit get ``steps``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .._validate import NQMValueError, check_choice, check_int, check_real

__all__ = ["MODELS", "GeneralizationConfig", "run_one", "tasks", "train_run"]

#: model name of the JSON -> kind of :mod:`nqm_theory.params.multiout`
MODELS = {"f": "net", "f_quad": "quad", "f_lin": "lin"}
_VERSION = "generalization-3"


def _check_tuple(name, values, check):
    if not isinstance(values, tuple) or not values:
        raise NQMValueError(f"`{name}` must be a non-empty tuple, got {values!r}")
    return tuple(check(name, v) for v in values)


@dataclass(frozen=True)
class GeneralizationConfig:
    """Settings of the sweep; defaults are the full configuration (all shipped data sets).

    ``dataset`` is a key of :data:`nqm_theory.data.DATASETS` or ``"all"``;
    ``eta_over_crit`` spans sub-critical, catapult and divergent rates; ``batch_size``
    None is full-batch GD; ``curve_rates`` are the eta / eta_crit whose training curves are
    drawn; ``workers`` processes share the runs; ``top_q`` eigenpairs of K are tracked (1:
    for k = 10 the top of the spectrum is a cluster of ~k close eigenvalues, and Lanczos
    needs twice the kernel products for q = 2).
    """

    dataset: str = "all"
    n_train: int = 200
    n_test: int = 150
    width: int = 512
    convention: str = "mse_mean"
    models: tuple = ("f", "f_quad", "f_lin")
    eta_over_crit: tuple = (0.5, 0.75, 0.9, 0.97, 1.05, 1.15, 1.3, 1.5, 1.7, 2.0, 2.4,
                            3.0)
    seeds: tuple = (0, 1, 2, 3, 4)
    steps: int = 600
    record_every: int = 10
    eig_every: int = 50
    top_q: int = 1
    batch_size: int | None = None
    curve_rates: tuple = (0.9, 1.3, 1.8)
    workers: int = 2

    def __post_init__(self):
        from ..data import DATASETS
        from ..params.record import CONVENTIONS
        check_choice("dataset", self.dataset, tuple(DATASETS) + ("all",))
        check_choice("convention", self.convention, tuple(CONVENTIONS))
        for name in ("n_train", "n_test", "width", "steps", "record_every", "eig_every",
                     "top_q", "workers"):
            check_int(name, getattr(self, name), ge=1)
        if self.eig_every % self.record_every:
            raise NQMValueError("`eig_every` must be a multiple of `record_every`")
        if self.batch_size is not None:
            check_int("batch_size", self.batch_size, ge=1, le=self.n_train)
        _check_tuple("models", self.models, lambda n, v: check_choice(n, v, tuple(MODELS)))
        _check_tuple("eta_over_crit", self.eta_over_crit, lambda n, v: check_real(n, v, gt=0))
        _check_tuple("seeds", self.seeds, lambda n, v: check_int(n, v, ge=0))
        _check_tuple("curve_rates", self.curve_rates, lambda n, v: check_real(n, v, gt=0))

    def datasets(self) -> tuple:
        from ..data import DATASETS
        return tuple(DATASETS) if self.dataset == "all" else (self.dataset,)

    def steps_for(self, ratio: float) -> int:
        """Step budget at eta / eta_crit = ``ratio`` (module docstring)."""
        return self.steps if ratio >= 1 else int(math.ceil(self.steps / ratio))


def tasks(config: GeneralizationConfig) -> list:
    """``[(key, settings), ...]`` of every run (settings fully determine the result)."""
    out = []
    for ds in config.datasets():
        for model in config.models:
            for ratio in config.eta_over_crit:
                for seed in config.seeds:
                    s = {"dataset": ds, "model": model, "eta_over_crit": float(ratio),
                         "seed": int(seed), "steps": config.steps_for(ratio)}
                    s.update({k: getattr(config, k) for k in (
                        "n_train", "n_test", "width", "convention", "record_every",
                        "eig_every", "top_q", "batch_size")})
                    out.append((f"{ds}_{model}_r{ratio:.6g}_s{seed}", s))
    return out


def _at(arr, i):
    """arr[i] if finite, else the last finite value before i (NaN if none)."""
    for j in range(i, -1, -1):
        if math.isfinite(arr[j]):
            return float(arr[j])
    return math.nan


def train_run(s: dict, **record):
    """Data set, eta_crit and the TrainHistory of the run with settings ``s`` (keys of
    :func:`tasks`); ``record`` are the recording arguments of ``train``."""
    from ..data import load_dataset
    from ..params.multiout import MultiOutputReLU
    from ..params.train import initial_critical_rate, train
    ds = load_dataset(s["dataset"], n_train=s["n_train"], n_test=s["n_test"], seed=s["seed"])
    net = MultiOutputReLU.init(s["width"], ds.d, ds.k, seed=s["seed"] + 1)
    crit = initial_critical_rate(net, ds.X_train, s["convention"])
    h = train(net, ds.X_train, ds.Y_train, X_test=ds.X_test, Y_test=ds.Y_test,
              kind=MODELS[s["model"]], eta=s["eta_over_crit"] * crit, steps=s["steps"],
              convention=s["convention"], batch_size=s["batch_size"], seed=s["seed"],
              top_q=s["top_q"], **record)
    return ds, crit, h


def run_one(s: dict) -> dict:
    """Train one run described by settings ``s`` (see :func:`tasks`); JSON-ready dict."""
    import numpy as np
    ds, crit, h = train_run(s, record_every=s["record_every"], eig_every=s["eig_every"],
                            alignment=True)
    best, best_step = h.best_test()
    ib = int(np.searchsorted(h.steps, best_step)) if best_step >= 0 else 0
    last = len(h.steps) - 1
    return {"dataset": ds.name, "task": ds.task, "model": s["model"], "eta": h.eta,
            "eta_over_crit": s["eta_over_crit"], "eta_crit": crit, "seed": s["seed"],
            "steps": s["steps"], "best_test_loss": best, "best_step": best_step,
            "best_at_last_step": bool(best_step == int(h.steps[-1]) and not h.diverged),
            "best_test_acc": float(h.test_acc[ib]),
            "final_train_loss": float(h.train_loss[-1]), "diverged": h.diverged,
            "overflowed": h.overflowed, "initial_train_loss": float(h.train_loss[0]),
            "peak_train_loss": float(np.nanmax(h.train_loss)),
            "catapult": bool(not h.diverged and np.nanmax(h.train_loss) > h.train_loss[0]),
            "lam0": float(h.lam0[0]), "lam_final": _at(h.lam[:, 0], last),
            "lam_best": _at(h.lam[:, 0], ib), "align0": float(h.align[0]),
            "align_final": _at(h.align, last), "align_best": _at(h.align, ib),
            "align_test0": float(h.align_test[0]), "align_test_final": _at(h.align_test, last),
            "align_test_best": _at(h.align_test, ib),
            "curves": {"steps": h.steps, "train_loss": h.train_loss, "test_loss": h.test_loss,
                       "test_acc": h.test_acc, "lam": h.lam[:, 0], "align": h.align,
                       "top_loss0": h.top_loss0[:, 0]}}
