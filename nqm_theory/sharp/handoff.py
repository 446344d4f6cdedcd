"""Exact initial states and the hand-off from Arb balls to float64 intervals.

Shared by :mod:`nqm_theory.sharp.certify`, :mod:`~nqm_theory.sharp.surface`,
:mod:`~nqm_theory.sharp.edges` and :mod:`~nqm_theory.sharp.limit` (a leaf module: it
imports none of them).  Symbols as in the paper (docs/theory.md §3): u, v, w, kappa.

Examples
--------
>>> from fractions import Fraction
>>> lo, hi = _iv(Fraction(1, 3))
>>> lo < Fraction(1, 3) < hi, hi == float(Fraction(1, 3)) or lo == float(Fraction(1, 3))
(True, True)
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["exact_state", "hand_off"]


def exact_state(width, eta_lam0, lam0, g0, y, x2d):
    """``(u0, v0, w0, s)`` as Fractions (docs/theory.md §3) from exact inputs."""
    from ..models import initial_state
    W, EL, L, G, Y, X = (Fraction(z) for z in (width, eta_lam0, lam0, g0, y, x2d))
    return initial_state(W, EL / L, L, G, Y, X)


def hand_off(u, v, w, k, ovf_u, steps: int) -> dict:
    """Continue an Arb-ball orbit (balls u, v, w; k ball; ovf_u a Fraction or inf) in
    float64 intervals for ``steps`` more steps: the :func:`~nqm_theory.sharp.intervals.
    run_cells` result for that one cell (the balls rounded outward)."""
    from flint import arb

    from ..maps.numbers import to_fraction
    from .intervals import run_cells

    def iv(b):
        return _iv(to_fraction("b", arb(b.lower())))[0], _iv(to_fraction("b", arb(b.upper())))[1]
    (ul, uh), (vl, vh), (wl, wh), (kl, kh) = (iv(b) for b in (u, v, w, k))
    ov = np.inf if ovf_u == np.inf else _iv(Fraction(ovf_u))[1]
    out = run_cells(np.array([[max(ul, 0.0), uh, vl, vh, wl, wh]]), np.array([[kl, kh]]),
                    np.array([ov]), steps=steps)
    return {k: a[0] for k, a in out.items()}


def _iv(q: Fraction):
    f = float(q)
    lo = f if Fraction(f) <= q else float(np.nextafter(f, -np.inf))
    hi = f if Fraction(f) >= q else float(np.nextafter(f, np.inf))
    return lo, hi
