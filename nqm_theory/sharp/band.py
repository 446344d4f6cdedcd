"""Where the upper edge is not one point: the band of bounded, non-convergent orbits.

When C^2/m is of order one, runs below the divergence edge v0 = 4 + w0 can fail to
converge: the orbit is attracted by a period-2 orbit of the map on its invariant surface
(example: m = 100, v0 = 3, g0 = -1.9375, y = -2, |x|^2/d = 2, eta = 4).  Then the catapult
window ends at a convergence edge below the divergence edge.

:func:`convergence_edge` scans [lower edge, divergence edge] in float64, bisects the first
switch from convergent to non-convergent, certifies both sides and describes the band.
:func:`period2_certificate` certifies that one orbit never converges: on the surface map
(:func:`nqm_theory.sharp.invariants.surface_map`, mu exact in Arb balls) it finds the
period-2 point p* (Newton, 60 digits), proves ``F^2(B) subset B`` for a box B around p*
(mean-value form in the eigen-coordinates of D(F^2)(p*), every entry an Arb ball; B is
the parallelogram p* + A [-r, r]^2, A the eigenvector matrix), and follows the
exact orbit in balls until it lies inside B.  B does not meet rho = 0, so the loss stays
bounded away from 0 and bounded: the run neither converges nor diverges.

Examples
--------
>>> from fractions import Fraction as Fr
>>> c = period2_certificate((Fr(100), Fr(3), Fr(3, 4), Fr(-31, 16), Fr(-2), Fr(2)))
>>> c["period"], c["entered_at"] > 0
(2, True)
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["convergence_edge", "period2_certificate"]

_DIGITS = 60


def _surface_start(row):
    """(rho0, v0, mu) as Arb balls: rho = eta sqrt(c) r, mu = eta sqrt(c) y."""
    from flint import arb, fmpq
    m, v0, lam0, g0, y, x2d = (Fraction(z) for z in row)
    eta = v0 / lam0

    def q(z):
        return arb(fmpq(z.numerator, z.denominator))
    root_c = (q(x2d) / q(m)).sqrt()
    return q(eta) * root_c * q(g0 - y), q(v0), q(eta) * root_c * q(y)


def period2_certificate(row, *, steps: int = 50_000, radius: float = 1e-9,
                        digits: int = _DIGITS):
    """Certificate (dict) that the run of ``row`` = (m, v0, lam0, g0, y, x2d) is attracted
    into a trapping box of a period-2 orbit, or None (``digits``: Arb working precision)."""
    import mpmath
    from flint import arb, ctx

    from ..maps.numbers import parse_precision
    from .invariants import surface_map
    smap = surface_map()
    prec = parse_precision(f"ball{digits}")
    with prec.context():
        rho0, v0, mu = _surface_start(row)
        step, jac = smap.step_function(prec.name), smap.jacobian_function(prec.name)
        x = (rho0, v0)
        pts = [(float(rho0.mid()), float(v0.mid()))]
        fstep = smap.step_function("float64")
        f = pts[0]
        for _ in range(10 * steps):
            f = fstep(f, (float(mu.mid()),))
        p = _newton2(fstep, f, float(mu.mid()), mpmath)
        if p is None:
            return None
        A = _eigenbasis(fstep, p, float(mu.mid()))
        if A is None or not _maps_into(step, jac, p, A, radius, (mu,)):
            return None
        if _box(p, A, radius)[0][0].contains(0):   # the box must stay away from rho = 0
            return None
        for t in range(steps):
            x = step(x, (mu,))
            if _inside(x, p, A, radius):
                q = step(tuple(arb(z) for z in p), (mu,))
                return {"period": 2, "entered_at": t + 1, "box_radius": radius,
                        "points": [[float(z) for z in p], [float(z.mid()) for z in q]],
                        "eigenbasis": A.tolist(), "digits": digits, "prec_bits": ctx.prec}
            if not all(z.is_finite() for z in x) or x[1].rad() > 1:
                return None
    return None


def _newton2(fstep, f, mu, mpmath):
    """A period-2 point near the float point f (mpmath Newton on F^2(p) - p), or None."""
    F = lambda p: fstep(fstep(p, (mu,)), (mu,))
    if max(abs(a - b) for a, b in zip(F(f), f)) > 1e-8 or abs(f[0]) < 1e-8:
        return None
    p = np.array(f, dtype=float)
    for _ in range(40):
        h = 1e-7
        J = np.empty((2, 2))
        base = np.array(F(tuple(p))) - p
        for j in range(2):
            e = np.zeros(2)
            e[j] = h
            J[:, j] = (np.array(F(tuple(p + e))) - (p + e) - base) / h
        dp = np.linalg.solve(J, -base)
        p = p + dp
        if np.max(np.abs(dp)) < 1e-15:
            break
    return tuple(float(z) for z in p)


def _eigenbasis(fstep, p, mu):
    """Columns: the eigenvectors of D(F^2) at p (finite differences), if both |eig| < 1."""
    F = lambda z: fstep(fstep(tuple(z), (mu,)), (mu,))
    J = np.empty((2, 2))
    for j in range(2):
        e = np.zeros(2)
        e[j] = 1e-7
        J[:, j] = (np.array(F(np.array(p) + e)) - np.array(F(np.array(p) - e))) / 2e-7
    lam, vec = np.linalg.eig(J)
    if np.iscomplexobj(lam) or np.max(np.abs(lam)) >= 0.99:
        return None
    return vec.real


def _arb_mat(A):
    from flint import arb, arb_mat
    return arb_mat(2, 2, [arb(float(a)) for a in np.ravel(A)])


def _box(p, A, r):
    """The enclosing (axis) box of p + A [-r, r]^2, and z = [-r, r]^2 as a 2x1 arb_mat."""
    from flint import arb, arb_mat
    z = arb_mat(2, 1, [arb(0, r), arb(0, r)])
    y = _arb_mat(A) * z
    return tuple(arb(pi) + y[i, 0] for i, pi in enumerate(p)), z


def _maps_into(step, jac, p, A, r, params) -> bool:
    """F^2(P) inside P for the parallelogram P = p + A [-r, r]^2 (mean-value form in the
    eigen-coordinates: A^-1 (F^2(p) - p) + A^-1 J(F(B)) J(B) A [-r, r]^2, B encloses P)."""
    from flint import arb, arb_mat
    B, z = _box(p, A, r)
    c = tuple(arb(pi) for pi in p)
    Fc = step(step(c, params), params)
    J = arb_mat(2, 2, list(jac(step(B, params), params))) * arb_mat(2, 2, list(jac(B, params)))
    Ai = _arb_mat(A).inv()
    img = Ai * arb_mat(2, 1, [Fc[i] - c[i] for i in range(2)]) + Ai * J * _arb_mat(A) * z
    return all(arb(0, r).contains_interior(img[i, 0]) for i in range(2))


def _inside(x, p, A, r) -> bool:
    """The ball state x lies in the parallelogram p + A [-r, r]^2."""
    from flint import arb, arb_mat
    z = _arb_mat(A).inv() * arb_mat(2, 1, [x[i] - arb(p[i]) for i in range(2)])
    return all(arb(0, r).contains(z[i, 0]) for i in range(2))


def convergence_edge(lower, div, row, certify, text, rational, rel):
    """(upper Edge, band dict) when the run just below the divergence edge does not converge."""
    from ..models import OneExample
    from ..scaling.peak import run_grid
    from ._edge import Edge
    hi = float(div)
    lo = float(lower) if np.isfinite(float(lower)) else min(1.0, hi / 2)  # no catapult onset
    grid = np.linspace(lo, hi, 4001)[1:-1]

    def conv(vs):
        probs = [OneExample(*_float_problem(row(Fraction(float(v))))) for v in vs]
        reg = run_grid(probs, steps=200_000)["regime"]
        return (reg == 0) | (reg == 1), reg
    ok, reg = conv(grid)
    bad = np.flatnonzero(~ok)
    if bad.size == 0 or bad[0] == 0:
        return Edge(div.value, "measured", "the run just below the divergence edge did not "
                    "converge, and a float64 scan found no convergent-to-non-convergent "
                    "switch"), None
    a, b = float(grid[bad[0] - 1]), float(grid[bad[0]])
    for _ in range(60):
        mid = 0.5 * (a + b)
        if mid in (a, b):
            break
        if conv([mid])[0][0]:
            a = mid
        else:
            b = mid
    edge = Fraction(b)
    offset, below, above, p2 = _bracket(edge, row, certify, rel)
    status = "certified" if offset == rel else "measured"
    kinds = {name: int(np.sum(reg[bad[0]:] == code)) for code, name in
             ((2, "divergent"), (3, "undecided (bounded)"), (1, "catapult"), (0, "monotone"))}
    band = {"from": float(edge), "to": float(div), "nature": above,
            "period2_certificate": p2, "certified_bracket_offset": float(offset or 0) or None,
            "scan": {"points": int(grid.size), "after_the_edge": kinds}}
    where = (f"certified runs at 1 -+ {float(offset):.0e}: {below} below, {above} above"
             if offset else "no bracket of certified runs found")
    just = (f"convergence ends below the divergence edge {float(div):.12g}, where the limit "
            "kernel reaches 2 (multiplier (1 - v_inf)^2 -> 1, so runs closer than the "
            f"bracket cannot converge within the budget): float64 scan and bisection; {where}")
    return Edge(text(edge), status, just, below, above), band


def _bracket(edge, row, certify, rel):
    """The smallest offset (1e-13 .. 1e-1) with a certified convergent run below the edge
    and a certified non-convergent (period-2) or divergent run above it."""
    for off in (rel, Fraction(1, 10**9), Fraction(1, 10**6), Fraction(1, 10**4),
                Fraction(1, 10**3), Fraction(1, 10**2), Fraction(1, 10)):
        rows = [row(edge * (1 - off)), row(edge * (1 + off))]
        c = certify(rows)
        if not (c.certified[0] and c.regime[0] in ("catapult", "monotone")):
            continue
        p2 = next((c2 for d in (60, 300, 1500) if (c2 := period2_certificate(
            rows[1], digits=d))), None)
        if p2 or (c.certified[1] and c.regime[1] == "divergent"):
            above = "bounded, non-convergent (certified period-2 attractor)" if p2 else \
                "divergent"
            return off, c.regime[0], above, p2
    return None, "", "", None


def _float_problem(r):
    m, v0, lam0, g0, y, x2d = (float(z) for z in r)
    return m, v0 / lam0, lam0, g0, y, x2d
