"""What the invariant search finds on the NQM maps, and the consequences, proven (docs/theory.md §3).

:func:`search_invariants` run on the derived one-example map F(u, v, w) (and on the
several-example direction map, which is the same map) finds, with exact cofactors:

* ``u`` (cofactor s^2) and ``w`` (cofactor s), s = 1 - v + u + w; hence the pencil
  ``w^2 - k u`` (cofactor s^2) and the first integral ``k = w^2/u = C^2/m``;
* ``D = v - 4 - w`` with cofactor ``1 + u + w`` (affine, new);
* ``P3 = u v^2 - 4 (u + w)^2`` with cofactor ``s^2 (1 - u)^2`` (degree 3, new);

and nothing else up to degree 3 (complete for affine P; within the cofactor ansatz for
degrees 2-3).  :func:`consequences` proves, each by one SymPy identity, what the
package draws from them:

* (C1) ``w^2/u`` is a first integral (docs/theory.md §3's invariant);
* (C2) ``D(F) = (1 + u + w) D`` and ``1 + u + w >= 1 - k/4`` on the surface w^2 = k u:
  for k < 4 the sign of ``v - 4 - w`` never changes (the exact upper edge, Theorem 5);
* (C3) ``P3/u = v^2 - 4(u + 2w + k) = eta^2 (lam^2 - 4 c g^2)`` on the surface, cofactor
  ``(1 - u)^2 >= 0``: the realizable region ``4 c g^2 <= lam^2`` is forward invariant;
* (C4) on the surface (u = rho^2, w = mu rho) the map is conjugate to the product map
  ``alpha' = (1 - rho)^2 alpha``, ``beta' = (1 + rho)^2 beta``, ``rho = (alpha - beta)/2 - mu``,
  ``v = alpha + beta`` (the search finds alpha, beta as affine Darboux polynomials of the
  surface map :func:`surface_map`);
* (C5) the final kernel: ``4 + w - v`` and ``P3/u`` pick up the cofactors along the orbit,
  so if u_t -> 0, ``v_inf = 4 - (4 + w_0 - v_0) prod_t (1 + u_t + w_t)`` and
  ``v_inf^2 - 4k = (P3/u)(0) prod_t (1 - u_t)^2``.

Examples
--------
>>> sorted(nqm_darboux())
['D', 'P3', 'u', 'w']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Consequence", "consequences", "surface_map", "nqm_darboux", "surface_step"]


@dataclass(frozen=True)
class Consequence:
    """One proven statement: ``identity`` is an expression SymPy reduces to 0 exactly.

    Attributes
    ----------
    label, statement : str
    identity : sympy.Expr
        The expression whose exact expansion is checked to vanish.
    holds : bool
        ``sympy.expand(identity) == 0``.
    """

    label: str
    statement: str
    identity: object
    holds: bool


def _nqm():
    from ..symbolic.maps import one_example_map
    cmap = one_example_map()
    return cmap, cmap.state, dict(zip(cmap.state, cmap.update))


def nqm_darboux():
    """``{name: (P, Q)}``: the irreducible Darboux polynomials of the one-example map that
    the search reports (checked again here: ``P(F) - Q P == 0`` exactly)."""
    import sympy as sp
    _, (u, v, w), F = _nqm()
    s = 1 - v + u + w
    out = {"u": (u, s**2), "w": (w, s), "D": (v - 4 - w, 1 + u + w),
           "P3": (u * v**2 - 4 * (u + w)**2, s**2 * (1 - u)**2)}
    for name, (P, Q) in out.items():
        if sp.expand(P.xreplace(F) - Q * P) != 0:
            raise AssertionError(f"{name} is not a Darboux polynomial")
    return out


@lru_cache(maxsize=1)
def surface_map():
    """The map on one invariant surface w^2 = mu^2 u (u = rho^2, w = mu rho), derived from
    the one-example map: state (rho, v), parameter mu (docs/theory.md §3, C = sqrt(m) |mu|).

    ``w' = s w`` with ``s`` the exact quotient ``F_w / w``; then ``rho' = s rho`` and
    ``v' = F_v(rho^2, v, mu rho)``; ``F_u = s^2 u`` is checked.
    """
    import sympy as sp

    from ..maps import compile_map
    cmap, (u, v, w), F = _nqm()
    s, rem = sp.div(sp.expand(F[w]), w, w)
    if rem != 0 or sp.expand(F[u] - s**2 * u) != 0:
        raise AssertionError("the map is not of the form u' = s^2 u, w' = s w")
    rho, mu = sp.symbols("rho mu", real=True)
    on = {u: rho**2, w: mu * rho}
    return compile_map((rho, v), (mu,), (sp.expand(rho * s.xreplace(on)),
                                          sp.expand(F[v].xreplace(on))),
                       name="one-example map on the surface w^2 = mu^2 u (rho, v)", jit=False)


def surface_step(rho, v, mu):
    """One step of :func:`surface_map` in factored form, for ball arithmetic:
    ``s = 1 - v + rho (rho + mu)``, ``rho' = rho s``, ``v' = v - rho (rho (4 - v) + 4 mu)``.

    The expanded polynomial that the engine prints adds up |1| + |v| where the factored
    form has |1 - v|, so its balls grow about three times faster per step near v = 2;
    the two forms are the same polynomials (checked by SymPy in :func:`consequences`, C6).
    """
    s = 1 - v + rho * (rho + mu)
    return rho * s, v - rho * (rho * (4 - v) + 4 * mu)


def consequences() -> list:
    """The statements (C1)-(C5) of the module docstring, each with its exact identity."""
    import sympy as sp
    _, (u, v, w), F = _nqm()
    k = sp.Symbol("k", nonnegative=True)
    dar = nqm_darboux()
    out = []

    def add(label, statement, identity):
        out.append(Consequence(label, statement, identity, sp.expand(identity) == 0))

    uF, wF = F[u], F[w]
    add("C1", "w^2/u is a first integral: w'^2 u - w^2 u' = 0",
        wF**2 * u - w**2 * uF)
    D, QD = dar["D"]
    add("C2", "D = v - 4 - w: D' = (1 + u + w) D", D.xreplace(F) - QD * D)
    rt = sp.Symbol("t", nonnegative=True)       # t = sqrt(u) >= 0, w = -sqrt(k) t (worst sign)
    kk = sp.Symbol("kappa_half", nonnegative=True)   # sqrt(k)/2
    add("C2b", "1 + u + w >= 1 - k/4 on w^2 = k u: 1 + t^2 - 2 h t - (1 - h^2) = (t - h)^2"
        " with h = sqrt(k)/2", (1 + rt**2 - 2 * kk * rt) - (1 - kk**2) - (rt - kk)**2)
    P3, Q3 = dar["P3"]
    on = {w**2: k * u}
    add("C3", "on w^2 = k u: P3/u = v^2 - 4 (u + 2 w + k)",
        sp.expand(P3).subs(on) - u * (v**2 - 4 * (u + 2 * w + k)))
    g, c, eta, lam, r, y = sp.symbols("g c eta lam r y")
    phys = {u: c * eta**2 * r**2, w: c * eta**2 * r * y, v: eta * lam, k: c * eta**2 * y**2}
    add("C3b", "v^2 - 4(u + 2w + k) = eta^2 (lam^2 - 4 c g^2) with g = r + y",
        (v**2 - 4 * (u + 2 * w + k)).xreplace(phys) - eta**2 * (lam**2 - 4 * c * (r + y)**2))
    out += _conjugacy()
    smap = surface_map()
    rho, vv = smap.state
    fr, fv = surface_step(rho, vv, smap.params[0])
    add("C6", "the factored surface step equals the derived surface map",
        sp.expand(fr - smap.update[0]) + sp.expand(fv - smap.update[1]))
    add("C5", "one step of the two product formulas: (4 + w - v)' = (1 + u + w)(4 + w - v) "
        "and (P3/u)' = (1 - u)^2 (P3/u) on the surface",
        sp.expand((4 + w - v).xreplace(F) - (1 + u + w) * (4 + w - v))
        + sp.expand(sp.cancel(P3.xreplace(F) / uF) - (1 - u)**2 * sp.cancel(P3 / u)))
    return out


def _conjugacy() -> list:
    import sympy as sp
    smap = surface_map()
    rho, v = smap.state
    (mu,) = smap.params
    Fr, Fv = smap.update
    alpha, beta = (v + 2 * rho + 2 * mu) / 2, (v - 2 * rho - 2 * mu) / 2
    sub = {rho: Fr, v: Fv}
    ids = [("C4a", "alpha = (v + 2 rho + 2 mu)/2: alpha' = (1 - rho)^2 alpha",
            alpha.xreplace(sub) - (1 - rho)**2 * alpha),
           ("C4b", "beta = (v - 2 rho - 2 mu)/2: beta' = (1 + rho)^2 beta",
            beta.xreplace(sub) - (1 + rho)**2 * beta),
           ("C4c", "rho = (alpha - beta)/2 - mu and v = alpha + beta",
            (alpha - beta) / 2 - mu - rho + (alpha + beta - v))]
    return [Consequence(label, st, e, sp.expand(e) == 0) for label, st, e in ids]
