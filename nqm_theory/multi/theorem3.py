"""Theorem 3 (catapult per eigen-direction, docs/theory.md §5) made checkable.

:func:`theorem3_check` runs the exact reduced system (:mod:`nqm_theory.multi.reduction`)
for each learning rate of a configuration and compares, direction by direction, the
observed outcome with Theorem 3: direction i catapults iff eta > 2/lam_i(0), GD diverges
iff eta > 4/lam_1(0) (lam_1 >= lam_2).  It also reports the peak of the loss along p_1
against the scale m (eta lam_1(0) - 2)^2 of Theorem 3.1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .reduction import SeveralExamples, iterate_several

__all__ = ["Theorem3Row", "Theorem3Check", "theorem3_check", "expected_zone"]


def expected_zone(eta, lam1, lam2) -> str:
    """Theorem 3 zone of ``eta`` (sum convention) for lam1 >= lam2 > 0.

    ``"sub"`` (eta < 2/lam1), ``"p1_only"`` (2/lam1 < eta < 2/lam2), ``"both"``
    (2/lam2 < eta < 4/lam1), ``"divergent"`` (eta > 4/lam1).

    Examples
    --------
    >>> expected_zone(1.5, 1.5, 1.2), expected_zone(1.9, 1.5, 1.2)
    ('p1_only', 'both')
    """
    if eta * lam1 > 4:
        return "divergent"
    if eta * lam2 > 2:
        return "both"
    if eta * lam1 > 2:
        return "p1_only"
    return "sub"


@dataclass(frozen=True)
class Theorem3Row:
    """One learning rate: expected zone, observed per-direction regimes, agreement."""

    eta: float
    zone: str
    regimes: tuple
    agrees: bool
    peak_loss_p1: float
    peak_over_m_delta2: float


@dataclass(frozen=True)
class Theorem3Check:
    """Result of :func:`theorem3_check`; ``passed`` iff every row agrees."""

    lam0: tuple
    eta_crit: tuple
    width: float
    rows: tuple

    @property
    def passed(self) -> bool:
        return all(r.agrees for r in self.rows)

    def to_dict(self) -> dict:
        return {"lam0": list(map(float, self.lam0)), "eta_crit": list(map(float, self.eta_crit)),
                "width": self.width, "passed": self.passed,
                "rows": [r.__dict__ | {"regimes": list(r.regimes)} for r in self.rows]}


def _agrees(zone, regimes) -> bool:
    want = {"sub": ("monotone", "monotone"), "p1_only": ("catapult", "monotone"),
            "both": ("catapult", "catapult")}
    if zone == "divergent":
        return "divergent" in regimes
    return tuple(regimes) == want[zone]


def theorem3_check(config) -> Theorem3Check:
    """Check Theorem 3 on a d = 1 configuration.

    Parameters
    ----------
    config : object with ``network()``, ``data()`` and ``etas_sum()`` / attribute ``steps``
        E.g. :class:`nqm_theory.experiments.fig3.Fig3Config`; ``network()`` returns a
        ``TwoLayerReLU`` with d = 1, ``data()`` returns (X, y), ``etas_sum()`` the learning
        rates in the sum convention L = 1/2 sum r^2.

    Returns
    -------
    Theorem3Check
        Directions ordered so that lam_1(0) >= lam_2(0).

    Examples
    --------
    >>> from nqm_theory.experiments.fig3 import Fig3Config
    >>> chk = theorem3_check(Fig3Config(n=16, width=400, steps=3000))
    >>> chk.passed
    True
    """
    net = config.network()
    X, y = config.data()
    rows = []
    base = SeveralExamples.from_network(net, X, y, 1.0)
    order = np.argsort([-float(v) for v in base.lam0])
    lam = tuple(float(base.lam0[i]) for i in order)
    for eta in config.etas_sum():
        prob = SeveralExamples.from_network(net, X, y, eta)
        run = iterate_several(prob, steps=config.steps)
        regimes = tuple(run.directions[i].regime.value for i in order)
        zone = expected_zone(eta, *lam)
        peak = float(run.directions[order[0]].peak_loss)
        scale = float(prob.width) * (eta * lam[0] - 2) ** 2
        rows.append(Theorem3Row(float(eta), zone, regimes, _agrees(zone, regimes), peak,
                                peak / scale if scale > 0 else math.nan))
    return Theorem3Check(lam, tuple(2 / v for v in lam), float(net.m), tuple(rows))
