"""The (u, v, w) map of docs/theory.md §3 in any arithmetic (float, Fraction, mpf, iv.mpf).

The searches need interval arithmetic, which the compiled loops of
nqm_theory did not offer when it was written, so the three update formulas are written
out here once; :func:`check_step` proves them equal to the derived map
(:func:`nqm_theory.symbolic.derive.derive_one_example`) symbolically; the check is
reported as the step "map used" of ``theorem4``.
"""
from __future__ import annotations

import sympy as sp

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.symbols import u, v, w

__all__ = ["step", "check_step", "orbit"]


def step(u0, v0, w0):
    """(u, v, w) -> next state; works for float, Fraction, mpf and iv.mpf."""
    k = 1 - v0 + u0 + w0
    return u0 * k * k, u0 * v0 - 4 * u0 + v0 - 4 * w0, w0 * k


def check_step() -> bool:
    """True iff :func:`step` equals the derived map symbolically."""
    derived = derive_one_example().uvw_map.next_state
    return all(sp.expand(a - b) == 0 for a, b in zip(step(u, v, w), derived))


def orbit(u0, v0, w0, *, steps, stop=None):
    """Yield (t, u, v, w, sqrt_kappa_signed) for t = 0.. until ``stop(u)`` or ``steps``."""
    st = (u0, v0, w0)
    for t in range(steps):
        k = 1 - st[1] + st[0] + st[2]
        yield t, st[0], st[1], st[2], k
        if stop is not None and stop(st[0]):
            return
        st = step(*st)
