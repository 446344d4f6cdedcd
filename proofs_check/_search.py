"""Counterexample searches: dense grid plus seeded random points, evaluated in mpmath.

``search(f, box)`` evaluates ``f`` (which must return a real number whose sign is the
claim: claim holds iff value > 0) at the corners/grid points and at random points of the
box with 40-digit mpmath numbers and returns the violating points, smallest first by a
user key (default: the first coordinate, usually the width ``m``).
"""
from __future__ import annotations

import itertools
import random

import mpmath

__all__ = ["search"]


def search(f, box, *, dense=5, n_random=300, seed=0, key=None, logscale=()):
    """Return a list of ``(point, value)`` with ``value <= 0`` (violations), sorted.

    Examples
    --------
    >>> bad = search(lambda P: 1 - P["a"], {"a": (0, 2)})
    >>> float(bad[0][0]["a"]) >= 1
    True
    """
    names = list(box)
    rng = random.Random(seed)

    def coord(k, t):
        lo, hi = box[k]
        if k in logscale:
            return mpmath.mpf(lo) * (mpmath.mpf(hi) / lo) ** t
        return mpmath.mpf(lo) + (mpmath.mpf(hi) - lo) * t

    grid = [[mpmath.mpf(i) / (dense - 1) for i in range(dense)] for _ in names]
    pts = itertools.chain(itertools.product(*grid),
                          ([mpmath.mpf(rng.random()) for _ in names] for _ in range(n_random)))
    bad = []
    with mpmath.workdps(40):
        for ts in pts:
            P = {k: coord(k, t) for k, t in zip(names, ts)}
            val = f(P)
            if val is not None and val <= 0:
                bad.append((P, val))
    bad.sort(key=key or (lambda pv: pv[0][names[0]]))
    return bad
