"""Certified regimes of many one-example problems, and the certified phase diagram.

Every cell is the exact problem ``OneExample(width, eta = eta_lam0 / lam0, lam0, g0, y,
x2d)`` with the given numbers read as exact rationals (a float axis value is the binary
number it stores).  A cell is decided, in this order, by

1. float64 interval arithmetic with Lemma T (:mod:`nqm_theory.sharp.intervals`, fast);
2. for y = 0, Theorem C / Lemma M from the exact initial state
   (:func:`nqm_theory.sharp.regimes.analytic_regime`), when 1. ran out of budget;
3. Arb balls (``fallback`` precision) on the invariant surface
   (:mod:`nqm_theory.sharp.surface`) where the float intervals grew too wide (an edge,
   the transient chaos below eta lam0 = 4, C^2/m of order one) or tied.

What is left is *certified undecidable at that precision* (the balls could not decide
within the budget) or *undecided within the budget* (every test was decided, none held).

Examples
--------
>>> c = certify_problems([(1e4, 2.5, 1.0, 0.7, 0.3, 1.0)], steps=10_000)
>>> c.regime[0], bool(c.certified[0]), c.source[0]
('catapult', True, 'interval')
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .handoff import _iv, exact_state, hand_off  # noqa: F401  (re-exported)

__all__ = ["CertifiedCells", "certify_problems", "decide", "exact_state", "hand_off",
           "SOURCES"]

#: How a cell was decided.
SOURCES = ("interval", "theorem", "ball", "none")


@dataclass(frozen=True)
class CertifiedCells:
    """Per-cell certified results (arrays of length n).

    Attributes
    ----------
    regime : ndarray of str
        monotone | catapult | divergent | undecided.
    certified : ndarray of bool
        True when the regime is proven for the exact problem.
    source : ndarray of str
        :data:`SOURCES`: which method decided it ("none": not certified).
    note : ndarray of str
        Why a cell is not certified ("enclosure lost ...", "tie ...", "budget").
    v_inf : ndarray, shape (n, 2)
        Bounds of eta * lambda_inf (NaN where no enclosure of the limit was obtained).
    peak_u : ndarray, shape (n, 2)
        Bounds of max_t u_t over the steps done (u = loss / s).
    steps : ndarray of int
    """

    regime: np.ndarray
    certified: np.ndarray
    source: np.ndarray
    note: np.ndarray
    v_inf: np.ndarray
    peak_u: np.ndarray
    steps: np.ndarray

    def counts(self) -> dict:
        """``{"certified": n, "not certified": n, by source and by regime}``."""
        out = {"certified": int(self.certified.sum()),
               "not certified": int((~self.certified).sum())}
        for s in SOURCES:
            out[f"by {s}"] = int((self.source == s).sum())
        for r in ("monotone", "catapult", "divergent", "undecided"):
            out[r] = int((self.regime == r).sum())
        return out


def certify_problems(rows, *, steps: int = 1_000_000, overflow=1e100, fallback="ball40",
                     fallback_steps: int = 20_000, rel_tol: float = 1e-12) -> CertifiedCells:
    """Certified regime of each ``(width, eta_lam0, lam0, g0, y, x2d)`` in ``rows``
    (exact rational initial states, rounded outward to float64 intervals)."""
    exact = [exact_state(*r) for r in rows]
    x0 = np.array([[*_iv(u), *_iv(v), *_iv(w)] for u, v, w, _ in exact]).reshape(-1, 6)
    k = np.array([_iv(w * w / u if u else Fraction(0)) for u, _, w, _ in exact]).reshape(-1, 2)
    ovf = np.array([_iv(Fraction(overflow) / s)[1] for *_, s in exact])
    return decide(x0, k, ovf, lambda i: rows[i], steps=steps, overflow=overflow,
                  fallback=fallback, fallback_steps=fallback_steps, rel_tol=rel_tol)


def decide(x0, k, ovf, row_of, *, steps, overflow, fallback, fallback_steps, rel_tol):
    """The three passes of the module doc on interval initial states ``x0`` (n, 6), ``k``
    (n, 2) and overflow bounds on u ``ovf``; ``row_of(i)`` gives the exact problem of cell i
    for the second pass."""
    from .intervals import CODES, run_cells
    out = run_cells(x0, k, ovf, steps=steps, rel_tol=rel_tol)
    regime = np.array([_REG[c] for c in out["code"]], dtype=object)
    certified = np.isin(out["code"], (0, 1, 2))
    source = np.where(certified, "interval", "none").astype(object)
    note = np.array(["" if c < 3 else _NOTE[CODES[c]] for c in out["code"]], dtype=object)
    v_inf = np.where(out["v_inf"][:, 1:] > 0, out["v_inf"], np.nan)
    peak, nsteps = out["peak_u"].copy(), out["steps"].copy()
    for i in np.flatnonzero(~certified):
        row = row_of(i)
        _second_pass(i, row, exact_state(*row), out["code"][i], regime, certified, source,
                     note, v_inf, peak, nsteps, fallback, fallback_steps, overflow)
    return CertifiedCells(regime, certified, source, note, v_inf, peak, nsteps)


_REG = {0: "monotone", 1: "catapult", 2: "divergent", 3: "undecided", 4: "undecided",
        5: "undecided"}
_NOTE = {"budget": "budget: every test was decided and none held within the step budget",
         "lost": "float64 intervals lost the enclosure",
         "tie": "converged (Lemma T), but whether the loss ever exceeded L(0) is a tie"}


def _second_pass(i, row, exact, code, regime, certified, source, note, v_inf, peak, nsteps,
                 fallback, fallback_steps, overflow):
    from .regimes import analytic_regime
    reg, why = analytic_regime(*exact[:3])
    if reg is not None:
        regime[i], certified[i], source[i], note[i] = reg.value, True, "theorem", why
        return
    if code == 3:   # budget: balls would only be slower
        return
    from .surface import certify_on_surface
    digits = int(fallback[4:])
    while True:   # more digits while the enclosure is lost (chaotic transients), up to 2000
        run = certify_on_surface(tuple(Fraction(z) for z in row), steps=fallback_steps,
                                 digits=digits, overflow=Fraction(overflow))
        if "enclosure lost" not in run.note or digits >= 2000:
            break
        digits = min(4 * digits, 2000)
    nsteps[i] = run.steps
    if run.certified and run.regime != "undecided":
        regime[i], certified[i], source[i], note[i] = run.regime, True, "ball", ""
        if run.v_inf is not None:
            v_inf[i] = run.v_inf
    else:
        note[i] = f"{fallback} on the surface: {run.note}"
