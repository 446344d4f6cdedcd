"""Certified runs of the one-example map in float64 interval arithmetic (numba, parallel).

Each state component is an interval [lo, hi].  Every + - * / is computed in IEEE float64
(round to nearest, no fastmath) and its result widened by one ulp outward
(``nextafter``): the exact result lies within half an ulp of the computed one, so the
intervals provably contain the exact orbit from the exact initial state.  ``sqrt`` is
correctly rounded in IEEE arithmetic, so the same widening is rigorous; no other function
is used (the product bounds of Lemma T use ``exp(S) <= 1/(1 - S)`` and
``exp(-x) >= 1 - x`` instead).

:func:`run_cells` applies the regime rules of :mod:`nqm_theory.core.certified` and the
trapping-region Lemma T (:mod:`nqm_theory.sharp.trapping`) to many cells at once; cells
whose intervals grow too wide to decide (near an edge, or through the transient chaos
just below eta lam0 = 4) are reported as such and can be re-run in Arb balls.  It is the
fast path of ``phase --certify`` (``benchmarks/bench_sharp.py`` measures it).

Codes of ``run_cells``: 0 monotone, 1 catapult, 2 divergent, 3 budget exhausted (no
decision), 4 enclosure lost (an interval is no longer finite), 5 converged but whether the
loss ever exceeded L(0) is a tie at float64 precision.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["step", "trap", "run_cells", "CODES"]

CODES = ("monotone", "catapult", "divergent", "budget", "lost", "tie")


@njit(cache=True)
def _dn(x):
    return np.nextafter(x, -np.inf)


@njit(cache=True)
def _up(x):
    return np.nextafter(x, np.inf)


@njit(cache=True)
def _add(al, ah, bl, bh):
    return _dn(al + bl), _up(ah + bh)


@njit(cache=True)
def _sub(al, ah, bl, bh):
    return _dn(al - bh), _up(ah - bl)


@njit(cache=True)
def _mul(al, ah, bl, bh):
    p1, p2, p3, p4 = al * bl, al * bh, ah * bl, ah * bh
    return _dn(min(min(p1, p2), min(p3, p4))), _up(max(max(p1, p2), max(p3, p4)))


@njit(cache=True)
def _div_pos(al, ah, bl, bh):
    """[al, ah] / [bl, bh] for 0 < bl <= bh."""
    p1, p2, p3, p4 = al / bl, al / bh, ah / bl, ah / bh
    return _dn(min(min(p1, p2), min(p3, p4))), _up(max(max(p1, p2), max(p3, p4)))


@njit(cache=True)
def _sqr(al, ah):
    if al >= 0.0:
        return _dn(al * al), _up(ah * ah)
    if ah <= 0.0:
        return _dn(ah * ah), _up(al * al)
    return 0.0, _up(max(al * al, ah * ah))


@njit(cache=True)
def _absmax(al, ah):
    return max(abs(al), abs(ah))


@njit(cache=True)
def step(ul, uh, vl, vh, wl, wh):
    """One step of u' = s^2 u, v' = v - u (4 - v) - 4 w, w' = s w, s = 1 - v + u + w."""
    sl, sh = _sub(1.0, 1.0, vl, vh)
    sl, sh = _add(sl, sh, ul, uh)
    sl, sh = _add(sl, sh, wl, wh)
    ql, qh = _sqr(sl, sh)
    nul, nuh = _mul(ql, qh, ul, uh)
    al, ah = _sub(4.0, 4.0, vl, vh)
    al, ah = _mul(ul, uh, al, ah)
    nvl, nvh = _sub(vl, vh, al, ah)
    bl, bh = _mul(4.0, 4.0, wl, wh)
    nvl, nvh = _sub(nvl, nvh, bl, bh)
    nwl, nwh = _mul(sl, sh, wl, wh)
    return max(nul, 0.0), nuh, nvl, nvh, nwl, nwh


@njit(cache=True)
def trap(ul, uh, vl, vh, wl, wh, kl, kh):
    """Lemma T on the box; returns ``(ok, q, v_inf_lo, v_inf_hi)``."""
    U, W = max(uh, 0.0), _absmax(wl, wh)
    c0 = _up(_up(max(_absmax(*_sub(1.0, 1.0, vl, vl)), _absmax(*_sub(1.0, 1.0, vh, vh)))
                  + U) + W)
    if not c0 < 1.0:
        return False, 1.0, 0.0, 0.0
    q = c0 + (1.0 - c0) * 0.5
    d2l, d2h = _sub(1.0, 1.0, *_sqr(q, q))
    d1l, d1h = _sub(1.0, 1.0, q, q)
    if not (d2l > 0.0 and d1l > 0.0):
        return False, 1.0, 0.0, 0.0
    Su = _div_pos(U, U, d2l, d2h)[1]
    Sw = _div_pos(W, W, d1l, d1h)[1]
    E = _mul(4.0, 4.0, *_add(Su, Su, Sw, Sw))[1]
    x1l, x1h = _sub(vl, vl, E, E)
    x2l, x2h = _add(vh, vh, E, E)
    if not (x1l >= 0.0 and x2h <= 2.0):
        return False, 1.0, 0.0, 0.0
    A = max(_absmax(*_sub(1.0, 1.0, x1l, x1h)), _absmax(*_sub(1.0, 1.0, x2l, x2h)))
    if not _up(_up(A + U) + W) <= q:
        return False, 1.0, 0.0, 0.0
    lo, hi = x1l, x2h
    # v_inf = 4 - G prod(1 + u + w), prod in [1 - S/(1 - a), 1/(1 - S)]
    S = _add(Su, Su, Sw, Sw)[1]
    a = _up(U + W)
    if S < 1.0 and a < 1.0:
        gl, gh = _sub(*_add(4.0, 4.0, wl, wh), vl, vh)
        pl = _sub(1.0, 1.0, *_div_pos(S, S, *_sub(1.0, 1.0, a, a)))[0]
        ph = _div_pos(1.0, 1.0, *_sub(1.0, 1.0, S, S))[1]
        if gl > 0.0 and pl > 0.0:
            zl, zh = _sub(4.0, 4.0, *_mul(gl, gh, pl, ph))
            lo, hi = max(lo, zl), min(hi, zh)
    # v_inf^2 = 4 k + Pi3 prod(1 - u)^2, prod in [1 - 2 S_u/(1 - U), 1]
    if U < 1.0:
        xl = _sub(1.0, 1.0, *_div_pos(*_mul(2.0, 2.0, Su, Su), *_sub(1.0, 1.0, U, U)))[0]
        if xl > 0.0:
            t1 = _add(ul, uh, *_mul(2.0, 2.0, wl, wh))
            t1 = _mul(4.0, 4.0, *_add(*t1, kl, kh))
            pi3 = _sub(*_sqr(vl, vh), *t1)
            zz = _add(*_mul(4.0, 4.0, kl, kh), *_mul(pi3[0], pi3[1], xl, 1.0))
            if zz[1] >= 0.0:
                lo = max(lo, _dn(np.sqrt(max(zz[0], 0.0))))
                hi = min(hi, _up(np.sqrt(zz[1])))
    return True, q, lo, hi


@njit(cache=True)
def _cell(x0, k, ovf_u, steps, rel_tol):
    ul, uh, vl, vh, wl, wh = x0[0], x0[1], x0[2], x0[3], x0[4], x0[5]
    u0l, u0h = ul, uh
    above, below, trapped = -1, True, False
    plo, phi, pt = ul, uh, 0
    vlo, vhi = 0.0, 0.0
    for t in range(steps + 1):
        if t > 0:
            ul, uh, vl, vh, wl, wh = step(ul, uh, vl, vh, wl, wh)
        if not (np.isfinite(uh) and np.isfinite(vl) and np.isfinite(vh)
                and np.isfinite(wl) and np.isfinite(wh)):
            return 4, t, plo, phi, pt, vlo, vhi
        if t > 0:
            if above < 0 and ul > u0h:
                above = t
            if not uh <= u0l:
                below = False
        if ul > plo:
            plo, pt = ul, t
        phi = max(phi, uh)
        if ul > ovf_u:
            return 2, t, plo, phi, pt, vlo, vhi
        if (trapped and t % 16 == 0) or (not trapped and abs(1.0 - 0.5 * (vl + vh)) + uh
                                           + max(abs(wl), abs(wh)) < 1.0):
            ok, q, lo, hi = trap(ul, uh, vl, vh, wl, wh, k[0], k[1])
            if ok:
                trapped, vlo, vhi = True, lo, hi
            # stop when the enclosure of v_inf is tight, or no tighter than v's own interval
            if trapped and (vhi - vlo <= max(rel_tol * vhi, 4.0 * (vh - vl)) or t == steps):
                code = 1 if above >= 0 else (0 if below else 5)
                return code, t, plo, phi, pt, vlo, vhi
    return (1 if above >= 0 else (0 if below else 5)) if trapped else 3, steps, plo, phi, pt, \
        vlo, vhi


@njit(cache=True, parallel=True)
def _cells(x0, k, ovf_u, steps, rel_tol, code, nsteps, peak, peak_t, vinf):
    for i in prange(x0.shape[0]):
        c, t, plo, phi, pt, lo, hi = _cell(x0[i], k[i], ovf_u[i], steps, rel_tol)
        code[i], nsteps[i], peak_t[i] = c, t, pt
        peak[i, 0], peak[i, 1], vinf[i, 0], vinf[i, 1] = plo, phi, lo, hi


def run_cells(x0, k, ovf_u, *, steps: int, rel_tol: float = 1e-12) -> dict:
    """Certified runs of many cells.

    Parameters
    ----------
    x0 : ndarray, shape (n, 6)
        Initial intervals ``(u_lo, u_hi, v_lo, v_hi, w_lo, w_hi)`` containing the exact
        initial states.
    k : ndarray, shape (n, 2)
        Intervals containing the invariant w^2/u of each orbit.
    ovf_u : ndarray, shape (n,)
        Divergence threshold on u (an upper bound of ``overflow / s``).
    steps : int
        Step budget per cell.
    rel_tol : float
        Stop once Lemma T encloses v_inf to this relative width.

    Returns
    -------
    dict
        ``code`` (see :data:`CODES`), ``steps``, ``peak_u`` (n, 2) bounds of max_t u_t
        over the steps done, ``peak_step`` and ``v_inf`` (n, 2) bounds of the limit of
        v = eta lam (0 where Lemma T was not reached).
    """
    n = x0.shape[0]
    out = {"code": np.zeros(n, np.int8), "steps": np.zeros(n, np.int64),
           "peak_u": np.zeros((n, 2)), "peak_step": np.zeros(n, np.int64),
           "v_inf": np.zeros((n, 2))}
    _cells(np.ascontiguousarray(x0, dtype=np.float64), np.ascontiguousarray(k, np.float64),
           np.ascontiguousarray(ovf_u, np.float64), int(steps), float(rel_tol), out["code"],
           out["steps"], out["peak_u"], out["peak_step"], out["v_inf"])
    return out
