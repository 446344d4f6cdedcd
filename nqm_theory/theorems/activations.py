"""The catapult window for other activations (issue 11): one claim per activation.

The paper's window (docs/theory.md §4: Theorem 4 below 2, Theorem 1 on [2, 4], Theorem 5 above
4), transplanted to the NQM of f = m^(-1/2) sum_i v_i sigma(u_i.x/sqrt d), is checked on
the exact reduced map (:mod:`nqm_theory.activations.population`) of drawn networks, at
eta*lam0 on a grid with the margins eps = K log m / sqrt m of docs/theory.md §4.  The corrected
statement keeps what is universal (the lower edge 2, divergence above 4, and no monotone
convergence inside (2, 4)); the failure of the paper's version for activations whose NQM
curvatures spread is explained by :mod:`nqm_theory.activations.manifold` (kernel along the
unstable manifold, Cauchy-Schwarz).  Widths and draws are the claim's own (fields); the
``widths`` of ``verify`` (one-example sweeps to 1e12) do not apply to a population of m
neurons.

Examples
--------
>>> from nqm_theory.theorems.activations import ActivationWindow
>>> v = ActivationWindow("tanh", widths_=(256,), seeds=(0,)).check()
>>> v.status.value, v.witness.what.startswith("eta*lam0")
('holds-corrected', True)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ._base import CaseResult, Claim, Outcome
from ._runs import eps_m

__all__ = ["ActivationWindow", "activation_claims", "WINDOW_ACTIVATIONS"]

WINDOW_ACTIVATIONS = ("relu", "leaky_relu", "linear", "abs", "tanh", "erf", "gelu", "silu",
                      "softplus", "poly")

_NAMES = ("monotone", "catapult", "divergent", "undecided")


@dataclass(frozen=True)
class DrawCase:
    """One drawn network (width m, seed) and the eta*lam0 grid it is run at."""

    activation: str
    m: int
    seed: int
    y: float
    v0s: tuple = field(repr=False)

    def describe(self) -> dict:
        return {"activation": self.activation, "m": self.m, "seed": self.seed, "y": self.y,
                "d": 1, "x": "(1,)"}


def _paper(v0, e):
    if e <= v0 <= 2 - e:
        return {0}
    if 2 + e <= v0 <= 4 - e:
        return {1}
    if v0 >= 4 + e:
        return {2}
    return None


def _corrected(v0, e):
    if e <= v0 <= 2 - e:
        return {0}
    if 2 + e <= v0 <= 4 - e:
        return {1, 2}
    if v0 >= 4 + e:
        return {2}
    return None


@dataclass(frozen=True)
class ActivationWindow(Claim):
    """The window [2/lam0, 4/lam0] for the NQM of the network with activation ``activation``."""

    activation: str = "relu"
    K: float = 1.0
    widths_: tuple = (256, 1024)
    seeds: tuple = (0, 1)
    y: float = 0.5
    steps: int = 20000
    statement = ("for the NQM of the sigma network (one example, docs/theory.md §2 initialisation): "
                 "eta*lam0 in [eps, 2-eps] converges monotonically, [2+eps, 4-eps] catapults, "
                 ">= 4+eps diverges; eps = K log m/sqrt m (the ReLU window of Theorems 1, 4, 5)")
    corrected_statement = ("[eps, 2-eps]: monotone; [2+eps, 4-eps]: never monotone (catapult, "
                           "or divergence when the NQM curvatures spread: kurtosis > 1); "
                           ">= 4+eps: divergent")
    version = "docs/theory.md §4 regimes, issue 11 (any activation); eps = K log(m)/sqrt(m)"

    @property
    def name(self) -> str:
        return f"window ({self.activation})"

    def cases(self, widths=None):
        out = []
        for m in self.widths_:
            e = eps_m(m, self.K)
            grid = (e, 0.5, 1.0, 2 - e, 2 + e, 2.5, 3.0, 3.5, 4 - e, 4 + e, 4.5, 6.0)
            out += [DrawCase(self.activation, m, s, self.y, grid) for s in self.seeds]
        return out

    def evaluate(self, case, precision="float64"):
        from ..activations.catalogue import make_activation
        from ..activations.window import draw, scan_draw
        dr = draw(make_activation(case.activation), case.m, 1, case.seed)
        res = scan_draw(dr, case.v0s, case.y, steps=self.steps)
        e = eps_m(case.m, self.K)
        return CaseResult(_outcome(res, case.v0s, e, _paper), _outcome(res, case.v0s, e,
                          _corrected), "float64")

    def notes(self):
        return ("exact reduced map of drawn networks (identity A3), float64; widths and "
                f"seeds are fields (here {self.widths_}, {self.seeds})",
                "why the upper edge moves: nqm_theory.activations.manifold (V(rho) - 4 = "
                "(V0 M4 - M2^2) rho^4/8960 at V0 = 4)")


def _outcome(res, v0s, e, rule) -> Outcome:
    worst = None
    for k, v0 in enumerate(v0s):
        allowed = rule(v0, e)
        if allowed is None:
            continue
        got = int(res.regime[k])
        if got not in allowed:
            return Outcome(-1.0, int(res.steps[k]), float(v0), float(min(allowed)),
                           f"eta*lam0 = {v0:.4g}: {_NAMES[got]}, expected "
                           f"{' or '.join(_NAMES[a] for a in sorted(allowed))}")
        worst = worst or (k, v0, got)
    if worst is None:
        return Outcome(0.0, None, math.nan, math.nan, "no eta*lam0 outside the eps-bands")
    k, v0, got = worst
    return Outcome(1.0, int(res.steps[k]), float(v0), float(got),
                   f"eta*lam0 = {v0:.4g}..{v0s[-1]:.4g}: every regime as stated")


def activation_claims() -> tuple:
    """One :class:`ActivationWindow` per activation of :data:`WINDOW_ACTIVATIONS`."""
    return tuple(ActivationWindow(a) for a in WINDOW_ACTIVATIONS)

