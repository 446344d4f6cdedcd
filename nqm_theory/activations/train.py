"""One run of the contract of ``nqm-theory network``: draw, train f / f_lin / f_quad, classify.

``train(activation, width, d, eta_lam0, y, seed, model)`` draws the network of docs/theory.md §2
with ``seed`` (:func:`nqm_theory.activations.network.draw_network`) on x = (1, ..., 1)
(|x|^2 = d), sets eta = eta_lam0 / lam(0) with lam(0) the drawn tangent kernel, and runs GD
on L = (g - y)^2 / 2:

* ``model="nqm"``: the NQM f_quad through its exact reduced map (population map, identity
  A3 of :mod:`nqm_theory.activations.symbolic`);
* ``model="network"`` / ``"linear"``: f / f_lin in parameter space
  (:func:`nqm_theory.params.gd.descend`).

The regime uses the decisions of :mod:`nqm_theory.maps.loops`: converged when the loss is
below ``loss_tol`` with 0 < eta*lam < 2 (a stable point), divergent when the loss passes
``overflow`` or stops being finite, catapult when it converged after exceeding L(0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_choice, check_int, check_real
from ..results import Regime, RegimeOutcome, Tolerances

__all__ = ["NetworkRun", "train", "MODELS"]

MODELS = ("nqm", "network", "linear")

#: Largest m * d of a draw (U0 is an (m, d) float64 array: 400 MB).
MAX_PARAMS = 5 * 10**7


@dataclass(frozen=True)
class NetworkRun(RegimeOutcome):
    """Result of :func:`train` (fields of the ``nqm-theory network --json`` contract)."""

    regime: Regime
    steps: int
    peak_loss: float
    initial_loss: float
    final_loss: float
    lam0: float
    g0: float
    final_kernel: float
    eta: float
    eta_lam0: float
    model: str
    activation: str
    width: int
    d: int
    seed: int
    y: float

    @property
    def eta_lam_final(self) -> float:
        return self.eta * self.final_kernel

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["regime"] = self.regime.value
        out["eta_lam_final"] = self.eta_lam_final
        out["message"] = self.message
        return {k: (float(v) if isinstance(v, (np.floating, float)) else v)
                for k, v in out.items()}


def train(activation, *, width: int, d: int, eta_lam0: float, y: float, seed: int,
          model: str = "nqm", steps: int = 10_000,
          tolerances: Tolerances | None = None) -> NetworkRun:
    """Draw with ``seed``, train ``model`` at eta = eta_lam0/lam(0), classify (see module).

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> run = train(make_activation("tanh"), width=64, d=2, eta_lam0=2.5, y=0.5, seed=1)
    >>> run.regime.value, bool(run.eta_lam_final < 2)
    ('catapult', True)
    """
    from .window import draw
    check_choice("model", model, MODELS)
    width, d = check_int("width", width, ge=1, le=10**6), check_int("d", d, ge=1, le=10**4)
    if width * d > MAX_PARAMS:
        from .._validate import NQMValueError
        raise NQMValueError(f"`width` * `d` must be at most {MAX_PARAMS:.0e} (the draw keeps "
                            f"U0 of shape (m, d) in memory), got {width} * {d}")
    seed = check_int("seed", seed, ge=0)
    steps = check_int("steps", steps, ge=1, le=10**7)
    v0 = float(check_real("eta_lam0", eta_lam0, gt=0, le=1e6))
    y = float(check_real("y", y, ge=-1e6, le=1e6))
    tol = tolerances or Tolerances()
    dr = draw(activation, width, d, seed)
    eta = v0 / dr.lam0
    common = dict(lam0=dr.lam0, g0=dr.g0, eta=eta, eta_lam0=v0, model=model,
                  activation=activation.name, width=width, d=d, seed=seed, y=y)
    if model == "nqm":
        from .population import run_population
        scale = width / (2 * eta * eta)
        res = run_population(dr.population, eta, eta * (dr.g0 - y) / math.sqrt(width),
                             steps=steps, tolerances=tol, scale=scale)
        lam_f = res.final_v / eta
        return NetworkRun(res.regime, res.steps, res.peak_u * scale,
                          (dr.g0 - y) ** 2 / 2, res.final_u * scale,
                          final_kernel=lam_f, **common)
    return _parameter_space(dr, eta, y, steps, tol, "net" if model == "network" else "lin",
                            common)


def _parameter_space(dr, eta, y, steps, tol, kind, common) -> NetworkRun:
    from ..params.gd import descend
    bound = dr.network.bind(dr.X, kind=kind)
    stable = {}

    def stop(t, w, F, L):
        if L < tol.loss_tol:
            v = eta * float(bound.kernel(w)[0, 0])
            stable["v"] = v
            return 0 < v < 2
        return False

    h = descend(bound, bound.w0, np.array([y]), eta=eta, steps=steps, record_kernel=False,
                overflow=tol.overflow, callback=stop)
    L0, peak = float(h.loss[0]), float(np.max(h.loss))
    if h.diverged:
        regime, lam_f = Regime.DIVERGENT, math.inf
    else:
        lam_f = float(bound.kernel(h.w)[0, 0])
        conv = float(h.loss[-1]) < tol.loss_tol and 0 < eta * lam_f < 2
        regime = (Regime.CATAPULT if peak > L0 else Regime.MONOTONE) if conv \
            else Regime.UNDECIDED
    final = float(h.loss[-1])
    return NetworkRun(regime, h.steps, peak if math.isfinite(peak) else math.inf, L0,
                      final if math.isfinite(final) else math.inf, final_kernel=lam_f,
                      **common)
