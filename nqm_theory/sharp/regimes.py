"""Regimes decided by theorems, from the exact initial state (docs/theory.md §4, Theorems 1, 4, 5).

Proven here from the invariants of :mod:`nqm_theory.sharp.invariants` (every state
realizable: ``Pi3 = v^2 - 4(u + 2w + k) >= 0``, i.e. 4 c g^2 <= lam^2, forward invariant by C3):

**Theorem C (convergence, y = 0).**  If w = 0, u0 > 0 and 0 < v0 < 4, the loss tends to 0:
v_t is non-increasing (v' - v = -u (4 - v) and v < 4 is kept by D = v - 4, C2), bounded
below by 0 (v = alpha + beta with alpha, beta >= 0, C4), so sum u_t (4 - v_t) = v0 - v_inf
is finite and u_t -> 0 with v_inf in [0, v0).

**Lemma M (no late catapult, y = 0).**  If w = 0, u <= 7/4 and -1 <= s <= 1, then
s <= s' <= 1: s' - s = u (2 + s + s^2 - u) >= u (7/4 - u) >= 0 and s' = 1 - v' + u' <=
(1 - sqrt(u'))^2 <= 1 since v' >= 2 sqrt(u') (realizability) and u' <= u.  So the loss never
exceeds L(0) iff s0 >= -1, and the lower edge of the catapult is s0 = -1 exactly.

**Theorem U (no convergence above the upper edge).**  If k = w^2/u < 4 and
D0 = v0 - 4 - w0 >= 0, then D_t >= 0 for all t (cofactor 1 + u + w >= 1 - k/4 > 0, C2),
so u_t -> 0 is impossible unless u_t = 0 at a finite step: if u_t -> 0 then w_t -> 0,
v_t >= 4 + w_t and |s_t| >= 3 - u_t - 2|w_t| > 2 eventually, so u_{t+1} > 4 u_t.

Examples
--------
>>> from fractions import Fraction as Fr
>>> analytic_regime(Fr(1, 1000), Fr(3), Fr(0))[0].value
'catapult'
>>> analytic_regime(Fr(1, 1000), Fr(2), Fr(0))[0].value
'monotone'
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

__all__ = ["analytic_regime", "is_nqm_map", "above_upper_edge"]


def is_nqm_map(cmap) -> bool:
    """True if ``cmap`` is exactly the derived one-example (u, v, w) map (SymPy check)."""
    return _is_nqm(cmap.digest, cmap)


@lru_cache(maxsize=32)
def _is_nqm(digest, cmap) -> bool:
    import sympy as sp

    from ..symbolic.maps import one_example_map
    ref = one_example_map()
    if cmap.params or [s.name for s in cmap.state] != [s.name for s in ref.state]:
        return False
    sub = dict(zip(cmap.state, ref.state))
    return all(sp.expand(a.xreplace(sub) - b) == 0 for a, b in zip(cmap.update, ref.update))


def _realizable(u, v, w) -> bool:
    k = w * w / u if u else Fraction(0)
    return v * v - 4 * (u + 2 * w + k) >= 0 and v >= 0


def analytic_regime(u0, v0, w0):
    """``(Regime, reason)`` when a theorem of this module decides the run, else ``(None, why)``.

    Arguments are exact (``Fraction``) initial values of the one-example map.
    """
    from ..results import Regime
    u0, v0, w0 = (Fraction(x) for x in (u0, v0, w0))
    if u0 <= 0 or w0 != 0:
        return None, "Theorem C and Lemma M need y = 0 (w = 0) and u(0) > 0"
    if not _realizable(u0, v0, w0):
        return None, "the initial state is not realizable (4 c g0^2 > lam0^2)"
    if not 0 < v0 < 4:
        return None, "Theorem C needs 0 < eta lam0 < 4"
    s0 = 1 - v0 + u0
    if s0 < -1:
        return Regime.CATAPULT, ("proven: s(0) = 1 - v0 + u0 < -1, so L(1) > L(0); Theorem C "
                                 "(y = 0, 0 < v0 < 4): the loss tends to 0")
    if u0 <= Fraction(7, 4):
        return Regime.MONOTONE, ("proven: -1 <= s(0) <= 1 and u(0) <= 7/4 (Lemma M): the loss "
                                 "never exceeds L(0); Theorem C: it tends to 0")
    return None, "Lemma M needs u(0) <= 7/4"


def above_upper_edge(u0, v0, w0) -> bool:
    """Theorem U's hypothesis: k < 4 and v0 - 4 - w0 >= 0 (the loss cannot tend to 0, except
    by landing exactly on u = 0)."""
    u0, v0, w0 = (Fraction(x) for x in (u0, v0, w0))
    k = w0 * w0 / u0 if u0 else Fraction(0)
    return k < 4 and v0 - 4 - w0 >= 0
