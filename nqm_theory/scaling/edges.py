"""Measured edges of the catapult window against the width m (docs/theory.md §4, Theorems 1, 4, 5).

The paper's window is ``[(2 + eps)/lam0, (4 - eps)/lam0]`` with eps = Theta(log m/sqrt m).
:func:`window_edges` bisects, for each width and label, in v0 = eta*lam0:

* the lower edge: the boundary between "monotone" (below) and "catapult" (above) near 2;
* the upper edge: the boundary between "converges" (below) and "diverges" (above) near 4;

and compares the offsets ``edge - 2`` and ``edge - 4`` with eps and with the first-order
predictions ``u(0) + w(0) = c eta^2 r0 g0`` (first step: ``|1 - v + u + w| > 1``) and
``w(0) = c eta^2 r0 y``.  Float64 bisection resolves v0 to about 4e-16.

Convention (:mod:`nqm_theory.catalogue`): lam0 = 1, so eta = v0 = eta*lam0 along the
bisection; ``eta=`` holds eta fixed instead (``eta=1`` is the convention of version
0.1).

Examples
--------
>>> e = window_edges(widths=[1e3, 1e5, 1e7], labels=[(1.0, 0.0)])
>>> bool(abs(e.upper[0, 0] - 4) < 1e-12)
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..catalogue import Convention, convention
from ..models import OneExample
from .peak import run_grid

__all__ = ["WindowEdges", "window_edges", "DEFAULT_LABELS"]

#: (g0, y) pairs: y = 0, r0*y < 0, r0*y > 0, g0 = 0.
DEFAULT_LABELS = ((1.0, 0.0), (0.5, 1.0), (-0.5, 1.0), (1.5, 1.0), (0.0, 1.0))


@dataclass(frozen=True)
class WindowEdges:
    """Edges (shape (len(labels), len(widths))) and slope fits of ``log|offset|`` vs log m.

    ``lower_fit`` / ``upper_fit``: per label dict with ``slope`` (and 95% CI) of
    ``log|edge - 2|`` (resp. ``log|edge - 4|``) against log m; the paper's eps has slope
    -1/2 (+log).
    ``lower_pred`` = 2 + u0 + w0 and ``upper_pred`` = 4 + w0 (first-order predictions,
    with eta at the edge).  ``undecided`` counts bisection runs that exhausted the step
    budget.  ``convention`` says how eta*lam0 was split into eta and lam0.
    """

    widths: tuple
    labels: tuple
    lower: np.ndarray
    upper: np.ndarray
    lower_pred: np.ndarray
    upper_pred: np.ndarray
    eps: np.ndarray
    lower_fit: tuple
    upper_fit: tuple
    undecided: int
    convention: Convention = Convention()

    def to_dict(self) -> dict:
        """JSON-ready dict, with the convention's keys (``convention``, ``fixed``, ...)."""
        return {**self.convention.to_dict(), "widths": list(self.widths),
                "labels": [list(x) for x in self.labels],
                "lower": self.lower.tolist(), "upper": self.upper.tolist(),
                "lower_pred": self.lower_pred.tolist(), "upper_pred": self.upper_pred.tolist(),
                "eps": self.eps.tolist(), "lower_fit": list(self.lower_fit),
                "upper_fit": list(self.upper_fit), "undecided": self.undecided}


def _bisect(widths, labels, lo, hi, is_above, steps, conv, iters=60):
    """Vectorized bisection over cells; ``is_above(regime)`` True on the upper side."""
    cells = [(m, g0, y) for g0, y in labels for m in widths]
    a = np.full(len(cells), lo, dtype=float)
    b = np.full(len(cells), hi, dtype=float)
    undecided = 0
    for _ in range(iters):
        mid = (a + b) / 2
        probs = [OneExample(width=m, eta=e, lam0=lam, g0=g0, y=y)
                 for (m, g0, y), (e, lam) in zip(cells, (conv.split(float(v)) for v in mid))]
        reg = run_grid(probs, steps=steps)["regime"]
        undecided += int(np.sum(reg == 3))
        up = is_above(reg)
        b = np.where(up, mid, b)
        a = np.where(up, a, mid)
    return ((a + b) / 2).reshape(len(labels), len(widths)), undecided


def _slope_fit(m, off):
    from scipy import stats
    ok = np.abs(off) > 0
    if ok.sum() < 3:
        return {"slope": None, "ci": None, "sign": None}
    res = stats.linregress(np.log(m[ok]), np.log(np.abs(off[ok])))
    tq = stats.t.ppf(0.975, ok.sum() - 2)
    return {"slope": float(res.slope), "ci": [float(res.slope - tq * res.stderr),
                                              float(res.slope + tq * res.stderr)],
            "m_times_offset": float(np.median(off[ok] * m[ok])),
            "sign": float(np.sign(np.median(off[ok])))}


def window_edges(widths=None, labels=DEFAULT_LABELS, *, steps=20_000_000, lam0=None,
                 eta=None) -> WindowEdges:
    """Bisect the catapult-window edges in eta*lam0 for every width and (g0, y) (``|x|^2/d = 1``).

    Parameters
    ----------
    widths : sequence of float, default ``logspace(2, 12, 11)``
        Widths m.
    labels : sequence of (g0, y)
        Initial outputs and labels.
    steps : int
        Step budget per run (the lower edge needs ~ sqrt(m) steps).
    lam0, eta : float, optional
        What is held fixed (at most one): by default lam0 = 1, so eta = eta*lam0
        (:func:`nqm_theory.catalogue.convention`); ``eta=E`` holds eta = E instead.

    Returns
    -------
    WindowEdges
    """
    conv = convention(lam0=lam0, eta=eta)
    widths = tuple(float(m) for m in (np.logspace(2, 12, 11) if widths is None else widths))
    labels = tuple((float(g), float(y)) for g, y in labels)
    lower, und1 = _bisect(widths, labels, 1.5, 2.5, lambda r: r == 1, steps, conv)
    upper, und2 = _bisect(widths, labels, 3.5, 4.5, lambda r: r == 2, steps, conv)
    m = np.array(widths)
    e2, e4 = conv.split(2.0)[0], conv.split(4.0)[0]     # eta at the two edges
    lp = np.array([[2 + e2 * e2 * (g - y) * g / mm for mm in widths] for g, y in labels])
    up = np.array([[4 + e4 * e4 * (g - y) * y / mm for mm in widths] for g, y in labels])
    eps = np.log(m) / np.sqrt(m)
    lf = tuple(_slope_fit(m, lower[i] - 2) for i in range(len(labels)))
    uf = tuple(_slope_fit(m, upper[i] - 4) for i in range(len(labels)))
    return WindowEdges(widths, labels, lower, upper, lp, up, eps, lf, uf, und1 + und2, conv)
