"""The infinite-width limit law of the catapult (docs/theory.md §4, Theorem 1), certified.

For y fixed and m -> infinity the one-example orbit starts at u(0) = O(1/m) next to the
fixed point (0, v0), v0 = eta lam0 = 2 + delta, and, shifted in time, tends to an orbit on
the unstable manifold W of that point (:mod:`nqm_theory.sharp.manifold`):
x_t = W(sigma^(t - n) z_phi) with sigma = -(1 + delta).  Up to the symmetry rho -> -rho the
limit orbit depends only on the **phase**

    phi = frac(log |z| / log |sigma|) = lim frac(log u(0) / log (1 + delta)^2)

(u = z^2 (1 + O(z^2)) near the fixed point).  :func:`limit_point` follows that orbit in Arb
balls from a point W(z) with |z| = |sigma|^(phi - n) small (series plus rigorous tail) to
the step where Lemma T (:mod:`nqm_theory.sharp.trapping`) holds, and returns enclosures of

* ``u_peak(delta, phi) = max_t u_t`` (the loss peak is ``m u_peak / (2 eta^2 |x|^2/d)``);
* ``v_final(delta, phi) = lim v_t = eta lambda_inf``.

``phi`` may be an interval: the enclosures then hold for every phase in it, which
:func:`limit_law` uses to enclose the minimum and maximum over the phase rigorously
(branch and bound, :mod:`nqm_theory.sharp.extrema`).

Examples
--------
>>> p = limit_point(1.0, 0.25, digits=30)
>>> 0.18 < p.v_final[0] <= p.v_final[1] < 0.25, p.u_peak[1] - p.u_peak[0] < 4e-16
(True, True)

The enclosures are float64 numbers rounded outward from the Arb balls, so their width is
a few units in the last place of u_peak (about 0.76 here).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LimitPoint", "limit_point", "limit_orbit_balls"]


@dataclass(frozen=True)
class LimitPoint:
    """Enclosures at one phase (or phase interval) of the limit orbit.

    Attributes
    ----------
    delta : float
    phase : tuple of float
        The phase interval [phi_lo, phi_hi] (equal ends for a point).
    u_peak, v_final : tuple of float
        Rigorous (outward-rounded) lower and upper bounds.
    peak_step : int
        Steps from the start point W(z) to the peak (``z = |sigma|^(phi - n)``).
    steps : int
        Steps until Lemma T held.
    """

    delta: float
    phase: tuple
    u_peak: tuple
    v_final: tuple
    peak_step: int
    steps: int


def _digits_bits(digits):
    from ..maps.numbers import parse_precision
    return parse_precision(f"ball{digits}")


def limit_orbit_balls(delta, phase, *, digits: int = 40, ball_steps: int = 5_000,
                      interval_steps: int = 2 * 10**7):
    """``(u_peak lo, hi, v_final lo, hi, peak_step, steps)`` as Arb point balls (inside a
    precision context set by the caller; ``delta`` and ``phase`` Arb balls or numbers).

    The orbit is followed in Arb balls for at most ``ball_steps`` steps; if Lemma T has
    not held by then (slow convergence, v_inf near 0), the enclosure is handed to float64
    intervals (:mod:`nqm_theory.sharp.intervals`) for ``interval_steps`` more; if Lemma T
    still fails, Theorem C (y = 0: v decreases to a limit >= 0) gives v_inf in [0, v_t].
    """
    from flint import arb

    from .invariants import surface_step
    from .manifold import unstable_manifold
    from .trapping import precheck, trap
    d, ph = arb(delta), arb(phase)
    v0 = 2 + d
    M = unstable_manifold(v0)
    S = abs(M.sigma)
    n0 = int((-(M.r * arb("1e-3")).log() / S.log()).upper().floor().unique_fmpz()) + 1
    z = (S.log() * (ph - n0)).exp()
    x = M.point(z)
    zero = arb(0)
    peak_lo, peak_hi, peak_t = zero, zero, 0
    target = arb(10) ** (-(digits // 2))
    got = None
    for t in range(ball_steps + 1):
        if t:
            x = surface_step(x[0], x[1], zero)
        u = x[0] * x[0]
        if u.lower() > peak_lo:
            peak_lo, peak_t = arb(u.lower()), t
        peak_hi = max(peak_hi, arb(u.upper()))
        if not x[1].rad() < 1:
            raise ArithmeticError(f"enclosure lost at step {t}; raise `digits`")
        if got is not None or precheck(float(u.mid()), float(x[1].mid()), 0.0):
            got = trap(u, x[1], zero, zero) or got
            if got is not None and (got.v_upper - got.v_lower < max(target, 8 * x[1].rad())
                                    or t == ball_steps):
                return peak_lo, peak_hi, got.v_lower, got.v_upper, peak_t, t
    return _hand_off(x, peak_lo, peak_hi, peak_t, ball_steps, interval_steps)


def _hand_off(x, peak_lo, peak_hi, peak_t, t0, steps):
    from flint import arb

    from .handoff import hand_off
    zero = arb(0)
    out = hand_off(x[0] * x[0], x[1], zero, zero, float("inf"), steps)
    p_hi = max(peak_hi, arb(float(out["peak_u"][1])))
    if out["code"] in (0, 1, 5) and out["v_inf"][1] > 0:
        vlo, vhi = (arb(float(z)) for z in out["v_inf"])
        return peak_lo, p_hi, vlo, vhi, peak_t, t0 + int(out["steps"])
    return peak_lo, p_hi, arb(0), arb(x[1].upper()), peak_t, t0 + int(out["steps"])


def limit_point(delta, phase, *, digits: int = 40) -> LimitPoint:
    """Enclosures of u_peak and v_final at ``phase`` (a number or a pair (lo, hi))."""
    from flint import arb

    from .handoff import _iv
    from ..maps.numbers import to_fraction
    lo_hi = tuple(phase) if isinstance(phase, (tuple, list)) else (phase, phase)
    with _digits_bits(digits).context():
        a, b = (arb(str(x)) if isinstance(x, str) else arb(x) for x in lo_hi)
        ph = a.union(b) if a != b else a
        plo, phi, vlo, vhi, pt, t = limit_orbit_balls(arb(delta), ph, digits=digits)

        def down(x):
            return _iv(to_fraction("x", arb(x.lower())))[0]

        def up(x):
            return _iv(to_fraction("x", arb(x.upper())))[1]
        return LimitPoint(float(delta), (float(lo_hi[0]), float(lo_hi[1])),
                          (down(plo), up(phi)), (down(vlo), up(vhi)), pt, t)
