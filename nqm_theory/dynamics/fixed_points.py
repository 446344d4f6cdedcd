"""Fixed points of the (u, v, w) map and their stability (docs/theory.md §4, Theorem 2).

Everything is computed with SymPy from a (u, v, w) map object (default the derived one,
:func:`nqm_theory.symbolic.maps.one_example_map`) by the engine's generic
:func:`nqm_theory.maps.fixed_points` (solutions of ``F(u, v, w) = (u, v, w)`` with their
Jacobians); here each family also gets its stability range in words and its members on
the invariant of GD runs.  The invariant ``w^2 = k u`` with ``k = C^2/m`` (docs/theory.md §3)
selects which equilibria a GD run can actually reach.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

__all__ = ["FixedPointFamily", "fixed_points", "K_INV"]

#: k = C^2/m = c eta^2 y^2 >= 0, the constant of the invariant w^2 = k u.
K_INV = sp.Symbol("k", nonnegative=True)


@dataclass(frozen=True)
class FixedPointFamily:
    """A family of fixed points of the (u, v, w) map.

    Attributes
    ----------
    point : dict
        ``{u: expr, v: expr, w: expr}`` in terms of the free symbols of the family.
    eigenvalues : dict
        Jacobian eigenvalues with multiplicities (SymPy).
    stable_when : str
        Where every eigenvalue has modulus at most 1 (linear stability), in words.
    on_invariant : list of dict
        The members with ``w^2 = k u`` for generic k = C^2/m > 0 (all of the family, a
        few points, or none: then it is reachable only when y = 0).
    """

    name: str
    point: dict
    eigenvalues: dict
    stable_when: str
    on_invariant: list


def _stable_text(eigs) -> str:
    ev = list(eigs)
    free = sorted(set().union(*[e.free_symbols for e in ev]), key=str)
    if not free:
        return "never (an eigenvalue has modulus > 1)" if any(abs(e) > 1 for e in ev) else "always"
    x = sp.Dummy("x", real=True)
    region = sp.S.Reals
    for e in ev:
        region = region.intersect(sp.solveset(sp.Abs(e.subs(free[0], x)) <= 1, x, sp.S.Reals))
    return (f"{free[0]} in {region} (all |eigenvalues| <= 1; an eigenvalue 1 along the "
            "family is neutral)")


@lru_cache(maxsize=8)
def fixed_points(map=None) -> tuple:
    """All fixed-point families of the derived (u, v, w) map (Theorem 2, checked).

    Returns
    -------
    tuple of FixedPointFamily
        The line ``u = w = 0`` (any v; eigenvalues 1, 1 - v, (1 - v)^2: stable for
        0 < v < 2), the family ``(4, v, v - 4)`` (eigenvalues 1, 9, 1 + v: unstable), the
        family ``(u, 0, -u)`` and the isolated point ``(2, 4, 0)`` (eigenvalues -1, 3, -3).

    Examples
    --------
    >>> fams = fixed_points()
    >>> [f.name for f in fams][:2]
    ['line u = 0', 'second family |1 - v + u + w| = 1']
    """
    from ..core.iterate import default_map
    from ..maps import fixed_points as generic_fixed_points
    cmap = default_map() if map is None else map
    u, v, w = cmap.state
    names = {0: "line u = 0", 1: "second family |1 - v + u + w| = 1"}
    out = []
    fps = sorted(generic_fixed_points(cmap), key=lambda f: _order(f.point, u))
    for i, fp in enumerate(fps):
        pt, eigs = fp.point, fp.eigenvalues
        members = _on_invariant(pt, u, v, w)
        out.append(FixedPointFamily(names.get(i, f"family {dict(pt)}"), pt, eigs,
                                    _stable_text(eigs), members))
    return tuple(out)


def _on_invariant(pt, u, v, w) -> list:
    """Members of the family on w^2 = k u (k = C^2/m > 0 generic); [] if none."""
    res = sp.simplify(pt[w] ** 2 - K_INV * pt[u])
    if res == 0:
        return [pt]
    free = [x for x in (u, v) if pt[x] == x]
    if not free:
        return []  # an isolated point off the invariant: reachable only when k = 0 (y = 0)
    return [{x: sp.simplify(e.subs(sol)) for x, e in pt.items()}
            for sol in sp.solve(res, free[0], dict=True)]


def _order(pt, u):
    return {0: 0, 4: 1}.get(pt[u], 2) if pt[u].is_number else 2
