"""The trapping-region lemma of the one-example map, checked on Arb balls (docs/theory.md §3, §4).

**Lemma T.**  Let (u, v, w) be a state with u >= 0 and w^2 = k u, and 0 <= q < 1.  Put
``S_u = u/(1 - q^2)``, ``S_w = |w|/(1 - q)`` and ``E = 4 (S_u + S_w)``.  If

    (i)  0 <= v - E  and  v + E <= 2,
    (ii) max(|1 - (v - E)|, |1 - (v + E)|) + u + |w| <= q,

then along the orbit from (u, v, w), for every tau >= 0: |s_tau| <= q (s = 1 - v + u + w),
u_tau <= q^(2 tau) u, |w_tau| <= q^tau |w| and |v_tau - v| <= E.  Hence the loss is
non-increasing from this step on and tends to 0, sum_tau u_tau <= S_u, and the kernel has
a limit v_inf in [v - E, v + E], inside [0, 2] (the stable segment of Theorem 2).  Two exact
product formulas (:mod:`nqm_theory.sharp.invariants`, C5) then enclose v_inf more tightly:
with ``G = 4 + w - v`` and ``Pi3 = v^2 - 4 (u + 2 w + k)``,

    v_inf = 4 - G prod(1 + u_tau + w_tau),   v_inf^2 = 4 k + Pi3 prod(1 - u_tau)^2,

where ``sum |u_tau + w_tau| <= S = S_u + S_w`` gives ``prod(1 + u + w)`` in
``[exp(-S/(1 - a)), exp(S)]`` (a = u + |w| < 1) and ``prod (1 - u)^2`` in
``[exp(-2 S_u/(1 - u)), 1]``.

*Proof* (strong induction on tau).  If |s_j| <= q for j < tau, then u_j <= q^(2j) u and
|w_j| <= q^j |w| (u' = s^2 u, w' = s w), and |v_j - v| <= sum_{i<j} (u_i |4 - v_i| +
4 |w_i|) <= 4 S_u + 4 S_w = E for j <= tau, because each v_i lies in [v - E, v + E], a
subset of [0, 2], so |4 - v_i| <= 4.  Then |s_tau| <= max over that interval of |1 - v| plus
u + |w|, which is <= q by (ii).  The product bounds use log(1 + x) <= x and
log(1 + x) >= -|x|/(1 - |x|).  []

:func:`trap` checks (i)-(ii) rigorously on balls (every comparison decided for the whole
ball) for a few choices of q, and returns the enclosure of v_inf.

Examples
--------
>>> from flint import arb
>>> t = trap(arb("1e-12"), arb("1.5"), arb(0), arb(0))
>>> t.q < 1, float(t.v_upper - t.v_lower) < 1e-10
(True, True)

Here w = 0, so s = 1 - v + u stays near -1/2, u shrinks by s^2 ~ 1/4 per step and
v_inf = 4 - 2.5 prod(1 + u_tau) ~ 1.5 - 2.5 u/(1 - 1/4), below v(0) = 1.5:

>>> bool(t.v_lower < 1.5 - 2.5e-12 / 0.75 < t.v_upper < 1.5)
True
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Trap", "trap", "precheck"]


@dataclass(frozen=True)
class Trap:
    """A certificate of Lemma T at one state.

    Attributes
    ----------
    q : arb
        The contraction bound: ``|s_tau| <= q < 1`` for all later steps.
    v_lower, v_upper : arb
        Exact (point) balls with ``v_lower <= v_inf <= v_upper``.
    sum_u : arb
        Upper bound on the sum of u over all later steps (including this one).
    """

    q: object
    v_lower: object
    v_upper: object
    sum_u: object


def precheck(u: float, v: float, w: float) -> bool:
    """A cheap float test: can Lemma T possibly hold here?  (Never a proof.)"""
    c0 = abs(1 - v) + u + abs(w)
    return c0 < 1 and 4 * (u + abs(w)) < (1 - c0) * min(v, 2 - v)


def trap(u, v, w, k):
    """:class:`Trap` if Lemma T holds for every point of the balls (u, v, w), else None.

    ``k`` is a ball containing the invariant w^2/u of the orbit (exactly known from the
    initial state).  All comparisons are Arb comparisons, true only when certain.
    """
    from flint import arb
    U = arb(max(u.upper(), 0))
    W = arb(abs(w).upper())
    vl, vh = arb(v.lower()), arb(v.upper())
    c0 = max(abs(1 - vl), abs(1 - vh)) + U + W
    if not c0 < 1:
        return None
    for theta in (arb(1) / 2, arb(1) / 4, arb(3) / 4, arb(1) / 8, arb(7) / 8):
        q = arb((c0 + (1 - c0) * theta).mid())
        if not q < 1:
            continue
        Su, Sw = U / (1 - q * q), W / (1 - q)
        E = arb((4 * (Su + Sw)).upper())
        if not (vl - E >= 0 and vh + E <= 2):
            continue
        if not max(abs(1 - (vl - E)), abs(1 - (vh + E))) + U + W <= q:
            continue
        lo, hi = _limit_bounds(U, W, v, vl, vh, E, Su, Sw, w, u, k)
        return Trap(q, lo, hi, Su)
    return None


def _limit_bounds(U, W, v, vl, vh, E, Su, Sw, w, u, k):
    """Point balls enclosing v_inf: the intersection of the three enclosures of Lemma T."""
    from flint import arb
    S = Su + Sw
    a = U + W
    G = 4 + w - v
    lo1 = 4 - G * S.exp()
    hi1 = 4 - G * (-S / (1 - a)).exp()
    pi3 = v * v - 4 * (u + 2 * w + k)
    shrink = (-2 * Su / (1 - U)).exp()
    four_k = 4 * k
    if pi3 > 0:
        lo2, hi2 = (four_k + pi3 * shrink).sqrt(), (four_k + pi3).sqrt()
    elif pi3 < 0:
        lo2 = arb(0) if not four_k + pi3 > 0 else (four_k + pi3).sqrt()
        hi2 = (four_k + pi3 * shrink).nonnegative_part().sqrt()
    else:
        lo2, hi2 = arb(0), arb((four_k + abs(pi3)).upper()).sqrt()
    lows = [vl - E, lo1, lo2]
    highs = [vh + E, hi1, hi2]
    lo = max(arb(x.lower()) for x in lows)
    hi = min(arb(x.upper()) for x in highs)
    return lo, hi
