"""Exact edges of the catapult window at finite width (docs/theory.md §4, Theorems 1, 4, 5).

With lam0, m, g0, y and |x|^2/d fixed and v0 = eta lam0 varying, the initial state is
``u0 = gu v0^2``, ``w0 = gw v0^2`` with ``gu = x2d r0^2/(m lam0^2)``,
``gw = x2d r0 y/(m lam0^2)`` (r0 = g0 - y), and ``u0 + w0 = gg v0^2``, gg = gu + gw.

* **Lower edge** (onset of the catapult: the loss ever exceeds L(0)).  The first step
  exceeds iff s0 = 1 - v0 + u0 + w0 < -1, i.e. v0 > ``4/(1 + sqrt(1 - 8 gg))``.  For y = 0
  this is the edge, proven (Lemma M of :mod:`nqm_theory.sharp.regimes`).  For y != 0 and
  gg >= 0 the same closed form is used; for gg < 0 the loss first exceeds L(0) at the
  second step, and the edge is the root of s0 s1 = 1 (40 digits, bisection on exact
  rationals).  Those two are certified by runs on both sides.
* **Divergence edge**: ``v0 = 4 + w0``, i.e. ``8/(1 + sqrt(1 - 16 gw))``.  At and above it
  the loss cannot tend to 0 (Theorem U: D = v - 4 - w keeps its sign, k = C^2/m < 4).
* **Upper edge** (end of convergence).  For y = 0 it is 4, proven (Theorem C below,
  Theorem U above).  For y != 0 it is the divergence edge when a run just below converges
  (certified); otherwise convergence stops earlier and the edge is *not a single point*:
  :func:`exact_edges` locates the end of convergence by a float64 scan and bisection,
  certifies both sides and reports the band [upper edge, divergence edge) with the
  nature of its orbits (:mod:`nqm_theory.sharp.band`).

Certified runs are :func:`nqm_theory.sharp.certify.certify_problems` at
``edge * (1 -+ 1e-13)`` (exact rationals).

Examples
--------
>>> e = exact_edges(1e4, 1.0, 0.0)
>>> e.upper.value, e.upper.status, round(float(e.lower.value), 8)
('4', 'proven', 2.00040016)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

from ._edge import Edge  # re-exported: part of this module's results

__all__ = ["Edge", "ExactEdges", "exact_edges", "edge_curves", "REL"]

#: Relative offset of the certifying runs on each side of an edge.
REL = Fraction(1, 10**13)
_DPS = 40


@dataclass(frozen=True)
class ExactEdges:
    """Result of :func:`exact_edges`; ``band`` is None when the upper edge is one point."""

    width: Fraction
    g0: Fraction
    y: Fraction
    x2d: Fraction
    lam0: Fraction
    lower: Edge
    upper: Edge
    divergence: Edge
    band: dict | None = None
    notes: tuple = field(default=())

    def to_dict(self) -> dict:
        def ed(e):
            return {"value": e.number(), "digits": e.value, "status": e.status,
                    "justification": e.justification, "below": e.below, "above": e.above}
        return {"width": float(self.width), "g0": float(self.g0), "y": float(self.y),
                "x2d": float(self.x2d), "lam0": float(self.lam0),
                "lower_edge": self.lower.number(), "lower_edge_digits": self.lower.value,
                "lower_edge_status": self.lower.status,
                "lower_edge_justification": self.lower.justification,
                "upper_edge": self.upper.number(), "upper_edge_digits": self.upper.value,
                "upper_edge_status": self.upper.status,
                "upper_edge_justification": self.upper.justification,
                "divergence_edge": self.divergence.number(),
                "divergence_edge_digits": self.divergence.value,
                "edges": {"lower": ed(self.lower), "upper": ed(self.upper),
                          "divergence": ed(self.divergence)},
                "band": self.band, "relative_offset_of_certifying_runs": "1e-13",
                "notes": list(self.notes)}


def _closed(b: int, gamma: Fraction):
    """The root near b of v = b + gamma v^2: 2b/(1 + sqrt(1 - 4 b gamma)) (50 digits)."""
    with mpmath.workdps(_DPS + 10):
        disc = 1 - 4 * b * mpmath.mpf(gamma.numerator) / gamma.denominator
        return None if disc < 0 else 2 * b / (1 + mpmath.sqrt(disc))


def _text(x) -> str:
    if isinstance(x, Fraction):
        x = mpmath.mpf(x.numerator) / x.denominator
    return mpmath.nstr(x, _DPS, strip_zeros=True) if not isinstance(x, str) else x


def _rational(x) -> Fraction:
    return Fraction(mpmath.nstr(x, _DPS + 5, strip_zeros=False)) if not isinstance(
        x, Fraction) else x


def _certify(rows):
    from .certify import certify_problems
    return certify_problems(rows, steps=4_000_000, fallback="ball50", fallback_steps=100_000)


def _sides(value, problem_row):
    """Certified regimes at value (1 - REL) and value (1 + REL)."""
    v = _rational(value)
    rows = [problem_row(v * (1 - REL)), problem_row(v * (1 + REL))]
    c = _certify(rows)
    return [(c.regime[i], bool(c.certified[i]), c.source[i], c.note[i]) for i in range(2)]


def exact_edges(width, g0, y, x2d=1, lam0=1, *, certify: bool = True) -> ExactEdges:
    """The exact edges (module doc) for one ``(m, g0, y, |x|^2/d, lam0)``."""
    from .. import _validate as V
    from .band import convergence_edge
    m, G, Y, X, L = (Fraction(z) for z in (width, g0, y, x2d, lam0))
    V.check_real("width", m, gt=0)
    V.check_real("x2d", X, gt=0)
    V.check_real("lam0", L, gt=0)
    r0 = G - Y
    gu, gw = X * r0 * r0 / (m * L * L), X * r0 * Y / (m * L * L)
    gg = gu + gw
    realizable = 4 * X * G * G <= m * L * L

    def row(v0):
        return (m, v0, L, G, Y, X)

    notes = [] if realizable else ["not realizable (4 |x|^2/d g0^2 > m lam0^2): the theorems "
                                   "do not apply; every status is at most certified"]
    lower = _lower(gg, gw, gu, realizable, row, certify)
    div_v = _closed(4, gw)
    if div_v is None:
        div = Edge("inf", "proven", "1 - 16 gw < 0: v0 - 4 - w0 < 0 at every rate")
    else:
        kD = X * Y * Y / (m * L * L) * _rational(div_v) ** 2
        ok = kD < 4 and realizable
        div = Edge(_text(div_v), "proven" if ok else "measured",
                   "Theorem U: v0 = 4 + w0(v0) = 8/(1 + sqrt(1 - 16 gw)); at and above it "
                   "D = v - 4 - w >= 0 forever, so the loss cannot tend to 0" if ok else
                   "closed form of v0 = 4 + w0; Theorem U needs k = C^2/m < 4 and a "
                   "realizable start")
    upper, band = _upper(div, gw, realizable, row, certify, lower, convergence_edge)
    return ExactEdges(m, G, Y, X, L, lower, upper, div, band, tuple(notes))


def _lower(gg, gw, gu, realizable, row, certify) -> Edge:
    if gg >= 0:
        v = _closed(2, gg)
        why = "s(0) = -1 exactly: v0 = 4/(1 + sqrt(1 - 8 gg)) with gg = |x|^2/d r0 g0/(m lam0^2)"
        if gw == 0 and realizable and v is not None and gu * _rational(v) ** 2 <= Fraction(7, 4):
            return Edge(_text(v), "proven", "Lemma M (y = 0): the loss exceeds L(0) iff "
                        "s(0) < -1; " + why, "monotone", "catapult")
    else:
        v = _two_step_root(row)
        why = ("gg < 0: the loss first exceeds L(0) at step 2; the edge is the root of "
               "s(0) s(1) = 1 (40 digits)")
    if v is None and gg >= 0:
        return Edge("none", "measured",
                    "no edge near 2: 1 - 8 gg < 0, so s(0) = 1 - v0 + gg v0^2 > -1 at every "
                    "rate (no rate overshoots at the first step; the loss can still grow "
                    "through s(0) > 1 at v0 > 1/gg)")
    if v is None:
        return Edge("none", "measured",
                    "no edge near 2: gg < 0 and s(0) s(1) - 1 does not change sign on "
                    "v0 in [1.5, 2.5], so no onset of the catapult was found there")
    if not certify:
        return Edge(_text(v), "measured", why + "; not certified (certify=False)")
    (rb, cb, _, nb), (ra, ca, _, na) = _sides(v, row)
    ok = cb and ca and rb == "monotone" and ra == "catapult"
    status = "certified" if ok else "measured"
    text = (why + (f"; certified runs at 1 -+ 1e-13: {rb} below, {ra} above" if ok else
                   f"; runs at 1 -+ 1e-13 not both certified: {rb} ({nb or 'ok'}) / {ra} "
                   f"({na or 'ok'})"))
    return Edge(_text(v), status, text, rb, ra)


def _two_step_root(row):
    """Root of s0 s1 = 1 between 1.5 and the first-step edge (bisection, exact rationals)."""
    from .handoff import exact_state
    with mpmath.workdps(_DPS + 10):
        def f(v0):
            u, v, w, _ = exact_state(*row(v0))
            s0 = 1 - v + u + w
            u1, v1, w1 = s0 * s0 * u, v - u * (4 - v) - 4 * w, s0 * w
            return s0 * (1 - v1 + u1 + w1) - 1
        a, b = Fraction(3, 2), Fraction(5, 2)
        if not (f(a) < 0 < f(b)):
            return None
        for _ in range(140):
            mid = (a + b) / 2
            mid = Fraction(mpmath.nstr(mpmath.mpf(mid.numerator) / mid.denominator, _DPS + 8))
            if f(mid) > 0:
                b = mid
            else:
                a = mid
        return mpmath.mpf(b.numerator) / b.denominator


def _upper(div, gw, realizable, row, certify, lower, convergence_edge):
    if div.value == "inf":
        return Edge("inf", "measured", "no divergence edge"), None
    if gw == 0 and div.status == "proven":
        return Edge("4", "proven", "y = 0: Theorem C (every rate in (0, 4) converges) and "
                    "Theorem U (no rate >= 4 does)", "catapult", "divergent"), None
    if not certify:
        return Edge(div.value, "measured", "the divergence edge; not certified"), None
    (rb, cb, _, nb), (ra, ca, _, _) = _sides(mpmath.mpf(div.value), row)
    if cb and rb in ("catapult", "monotone"):
        st = "certified" if div.status == "proven" else "measured"
        if not (ca and ra == "divergent"):
            ra = "non-convergent (Theorem U)" if div.status == "proven" else ra
        return Edge(div.value, st, "v0 = 4 + w0(v0) (closed form; Theorem U: no rate at or "
                    f"above it converges); certified runs at 1 -+ 1e-13: {rb} below, {ra} "
                    "above", rb, ra), None
    return convergence_edge(lower, div, row, _certify, _text, _rational, REL)


def edge_curves(widths, g0, y, x2d=1, lam0=1):
    """``(lower, upper)`` float arrays of the exact edges (values only, no certification)
    at each width: the closed forms, and the root of s0 s1 = 1 where r0 g0 < 0."""
    import numpy as np
    lo, hi = [], []
    for m in np.asarray(widths, dtype=float).ravel():
        e = exact_edges(Fraction(float(m)), g0, y, x2d, lam0, certify=False)
        lo.append(float(e.lower))
        hi.append(float(e.divergence))
    return np.array(lo), np.array(hi)
