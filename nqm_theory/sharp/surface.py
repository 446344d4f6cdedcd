"""Certified runs on the invariant surface: the 2-D map in (rho, v) with mu exact in Arb.

The exact orbit of the one-example map stays on w^2 = k u (C1), where u = rho^2 and
w = mu rho with rho = eta sqrt(c) r and mu = eta sqrt(c) y
(:func:`nqm_theory.sharp.invariants.surface_map`, derived from the map).  Following
(rho, v) instead of (u, v, w) removes the neutral direction of the family of surfaces,
which makes 3-D balls inflate when k = C^2/m is of order one; the regime rules and
Lemma T are those of :mod:`nqm_theory.core.certified`, applied to u = rho^2, w = mu rho.

Examples
--------
>>> from fractions import Fraction as Fr
>>> r = certify_on_surface((Fr(10**4), Fr(5, 2), Fr(1), Fr(7, 10), Fr(3, 10), Fr(1)))
>>> r.regime, r.certified
('catapult', True)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["SurfaceRun", "certify_on_surface"]


@dataclass(frozen=True)
class SurfaceRun:
    """Result of :func:`certify_on_surface`; ``v_inf`` is (lo, hi) floats or None."""

    regime: str
    certified: bool
    note: str
    steps: int
    v_inf: tuple | None


def certify_on_surface(row, *, steps: int = 100_000, digits: int = 50,
                       overflow=Fraction(10)**100) -> SurfaceRun:
    """Certified regime of ``row = (m, eta lam0, lam0, g0, y, x2d)`` (exact values)."""
    from ..maps.numbers import parse_precision
    from .band import _surface_start
    from .handoff import exact_state
    from .invariants import surface_step
    from .trapping import precheck, trap
    prec = parse_precision(f"ball{digits}")
    *_, s = exact_state(*row)
    with prec.context():
        from flint import arb, fmpq
        rho, v, mu = _surface_start(row)
        k = mu * mu
        u0 = rho * rho
        ovf = arb(fmpq((Fraction(overflow) / s).numerator, (Fraction(overflow) / s).denominator))
        above, below, got = None, True, None
        x = (rho, v)
        for t in range(steps + 1):
            if t:
                x = surface_step(x[0], x[1], mu)
            u, w = x[0] * x[0], mu * x[0]
            if t:
                if above is None and u > u0:
                    above = t
                if not u <= u0:
                    below = False
            if u > ovf:
                return SurfaceRun("divergent", True, f"loss > overflow at step {t}", t, None)
            if not all(z.is_finite() for z in x) or x[1].rad() > 1:
                return SurfaceRun("undecided", False, f"enclosure lost at step {t} "
                                  f"(ball{digits})", t, None)
            if got is not None or precheck(float(u.mid()), float(x[1].mid()), float(w.mid())):
                new = trap(u, x[1], w, k)
                got = new or got
                if got is not None and (bool(got.v_upper - got.v_lower < got.v_upper / 10**12)
                                        or t == steps):
                    return _done(above, below, got, t)
    if got is not None:
        return _done(above, below, got, steps)
    return _continue(x, mu, k, u0, ovf, above, below, steps)


def _continue(x, mu, k, u0, ovf, above, below, t0) -> SurfaceRun:
    """After the ball budget: the same orbit in float64 intervals (much faster), 10^8 steps.

    The interval run restarts the 'loss <= L(0)' bookkeeping at its first step, so a
    monotone verdict also needs every interval u_t <= the ball lower bound of u(0), which
    the run's peak bound checks.
    """
    from ..maps.numbers import to_fraction
    from .handoff import _iv, hand_off
    out = hand_off(x[0] * x[0], x[1], mu * x[0], k, to_fraction("o", ovf.upper()), 10**8)
    t = t0 + int(out["steps"])
    code = int(out["code"])
    if code == 2:
        return SurfaceRun("divergent", True, f"loss > overflow at step {t} (intervals)", t, None)
    if code in (0, 1, 5):
        v_inf = tuple(float(z) for z in out["v_inf"])
        if above is not None:
            return SurfaceRun("catapult", True, f"loss > L(0) at step {above}; Lemma T at {t} "
                              "(intervals)", t, v_inf)
        u0_lo = _iv(to_fraction("u", u0.lower()))[0]
        if below and float(out["peak_u"][1]) <= u0_lo:
            return SurfaceRun("monotone", True, f"loss <= L(0) at every step; Lemma T at {t}"
                              " (intervals)", t, v_inf)
        return SurfaceRun("undecided", False, "converged (Lemma T), but loss vs L(0) is a "
                          "tie", t, v_inf)
    why = {3: "budget: no stopping test held", 4: "float64 intervals lost the enclosure"}
    return SurfaceRun("undecided", code == 3, f"{why.get(code, 'undecided')} in {t} steps "
                      "(balls, then intervals)", t, None)


def _done(above, below, got, t) -> SurfaceRun:
    from ..maps.numbers import to_fraction
    from .handoff import _iv
    v_inf = (_iv(to_fraction("v", got.v_lower.lower()))[0],
             _iv(to_fraction("v", got.v_upper.upper()))[1])
    if above is not None:
        return SurfaceRun("catapult", True, f"loss > L(0) at step {above}; Lemma T at {t}",
                          t, v_inf)
    if below:
        return SurfaceRun("monotone", True, f"loss <= L(0) at every step; Lemma T at {t}",
                          t, v_inf)
    return SurfaceRun("undecided", False, "converged (Lemma T), but loss vs L(0) is a tie",
                      t, v_inf)
