"""Ranges of the limit law over the phase, and the sharp form of Theorem 1 (docs/theory.md §4).

:func:`limit_law` evaluates the certified limit values of :mod:`nqm_theory.sharp.limit`
on a grid of phases, refines each extremum by golden-section search on the best grid
cell, and reports, for u_peak and v_final, the smallest and largest value with

* the certified enclosure of the value at the located phase (so ``min <= upper`` and
  ``max >= lower`` are proven), and
* how the extremum was located (grid of N phases + refinement to a phase tolerance): that
  no phase gives a more extreme value is measured, not proven.

**Sharp Theorem 1** (y fixed, 2 < eta lam0 < 4, m -> infinity; phase
phi_m = frac(log u(0) / log (eta lam0 - 1)^2) with u(0) = eta^2 (|x|^2/d) (g0 - y)^2 / m):

    L_peak = m u_peak(delta, phi_m) / (2 eta^2 |x|^2/d) + o(m),
    eta lambda_inf -> v_final(delta, phi_m),

so L_peak / m oscillates log-periodically in m between the phase minimum and maximum of
u_peak / (2 eta^2 |x|^2/d), with u_peak = delta^2/2 + delta^3/3 + O(delta^4)
(:mod:`nqm_theory.sharp.expansions`): Theta(m delta^2), no 1/log m.

Also exact: along the limit orbit ``v_final = v0 prod_t |1 - u_t|`` (the P3 product with
k = 0), so v_final = 0 exactly at the phases where the orbit passes u = 1, which exist as
soon as the largest peak exceeds 1: then ``min_phase v_final = 0``.

Examples
--------
>>> law = limit_law(1.0, grid=8, phase_tol=1e-3, digits=30)
>>> 0.18 < law.v_final_min.value < 0.19 and 0.24 < law.v_final_max.value < 0.25
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Extremum", "LimitLaw", "limit_law"]

_GOLD = (math.sqrt(5) - 1) / 2

#: Why min v_final = 0 once the largest peak exceeds 1 (y = 0, docs/theory.md §3 invariants).
_ZERO = ("proven: v_final = v0 prod_t |1 - u_t| over the limit orbit (P3 product, k = 0); "
         "max u_peak > 1 (certified) and u_t(phase) is continuous, so some phase has u_t = 1 "
         "exactly, and there v_final = 0 (the orbit lands on alpha = 0 or beta = 0)")


@dataclass(frozen=True)
class Extremum:
    """An extremum over the phase: ``value`` (float) certified in [lower, upper] at
    ``phase``; ``located`` says how the phase was found."""

    value: float
    lower: float
    upper: float
    phase: float
    located: str

    def to_dict(self) -> dict:
        return {"value": self.value, "lower": self.lower, "upper": self.upper,
                "phase": self.phase, "uncertainty": self.upper - self.lower,
                "located": self.located}


@dataclass(frozen=True)
class LimitLaw:
    """Result of :func:`limit_law` (m -> infinity, y = 0; v = eta lambda)."""

    delta: float
    u_peak_min: Extremum
    u_peak_max: Extremum
    v_final_min: Extremum
    v_final_max: Extremum
    grid: int
    phase_tol: float
    digits: int
    evaluations: int


def limit_law(delta: float, *, grid: int = 32, phase_tol: float = 1e-8,
              digits: int = 40) -> LimitLaw:
    """Phase extrema of u_peak and v_final at ``delta`` in (0, 2) (module doc)."""
    from .limit import limit_point
    cache = {}

    def at(phi):
        phi = phi % 1.0
        if phi not in cache:
            cache[phi] = limit_point(delta, phi, digits=digits)
        return cache[phi]
    phis = [i / grid for i in range(grid)]
    pts = [at(p) for p in phis]
    out = {}
    for name, field, sign in (("u_peak_min", "u_peak", 1), ("u_peak_max", "u_peak", -1),
                              ("v_final_min", "v_final", 1), ("v_final_max", "v_final", -1)):
        if name == "v_final_min" and out["u_peak_max"].lower > 1:
            out[name] = Extremum(0.0, 0.0, 0.0, float("nan"), _ZERO)
            continue
        def f(phi, field=field, sign=sign):
            lo, hi = getattr(at(phi), field)
            return sign * 0.5 * (lo + hi)
        i = min(range(grid), key=lambda j: f(phis[j]))
        a, b = phis[i] - 1 / grid, phis[i] + 1 / grid
        best = _golden(f, a, b, phase_tol)
        if f(best) > f(phis[i]):
            best = phis[i]
        p = at(best)
        lo, hi = getattr(p, field)
        out[name] = Extremum(0.5 * (lo + hi), lo, hi, best % 1.0,
                             f"grid of {grid} phases + golden-section to {phase_tol:g} in "
                             "the phase (measured); value at that phase certified")
    return LimitLaw(float(delta), grid=grid, phase_tol=phase_tol, digits=digits,
                    evaluations=len(cache), **out)


def _golden(f, a, b, tol):
    """Golden-section minimisation of f on [a, b] (f unimodal there), to width tol."""
    c, d = b - _GOLD * (b - a), a + _GOLD * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLD * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLD * (b - a)
            fd = f(d)
    return c if fc <= fd else d
