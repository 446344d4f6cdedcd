"""Small-delta expansions of the limit law, with exact rational coefficients (docs/theory.md §4).

Scale the y = 0 map near (u, v) = (0, 2) by u = delta^2 U, v = 2 + delta X:

    U' = U (1 + delta X - delta^2 U)^2,    X' = X - delta U (2 - delta X),

a near-identity map; its leading flow dU/dtau = 2 U X, dX/dtau = -2 U conserves
H0 = X^2 + 2 U.  Order by order a formal first integral ``H = sum_k delta^k H_k(U, X)``
exists with polynomial H_k: the condition ``H(F) - H = O(delta^(k+2))`` reads
``-2 U d_X H_k |_E = -R_k`` in the coordinates (E = X^2 + 2 U, X), solved by one
integration in X (:func:`formal_invariant`).  The limit orbit starts at (U, X) = (0, 1)
(v0 = 2 + delta) and lies on the level set H = H(0, 1), so, to all orders in delta:

* the final kernel: ``H(0, X_inf) = H(0, 1)``, X_inf = -1 + ..., v_final = 2 + delta X_inf;
* the largest peak over the phase: the maximum of U on that level set (d_X H = 0);
* the smallest peak over the phase: the point where one step neither raises nor lowers U,
  ``(1 + delta X - delta^2 U)^2 = 1``, i.e. X = delta U, on the level set.

The phase enters v_final only beyond all orders (its spread is exponentially small in
1/delta).  These are formal series; that they are the asymptotic expansions is checked
against the certified limit values (``tests/sharp/test_limit.py``: the residual of the
truncated series scales like delta^(K+1)).

Examples
--------
>>> e = expansions(3)
>>> e["v_final"][:3], e["u_peak_max"][:3]
([2, -1, -2/3], [0, 0, 1/2])
"""
from __future__ import annotations

from functools import lru_cache

__all__ = ["formal_invariant", "expansions", "evaluate"]


@lru_cache(maxsize=4)
def formal_invariant(order: int):
    """``(H, (U, X, d))``: the formal first integral up to delta^order (SymPy)."""
    import sympy as sp
    U, X, d, E = sp.symbols("U X delta E")
    Fu = U * (1 + d * X - d**2 * U)**2
    Fx = X - d * U * (2 - d * X)
    H = X**2 + 2 * U
    for k in range(1, order + 1):
        diff = sp.expand(H.subs({U: Fu, X: Fx}, simultaneous=True) - H)
        R = diff.coeff(d, k + 1)
        g = sp.cancel(R / (2 * U))
        if sp.fraction(g)[1] != 1:
            raise AssertionError(f"order {k}: R_k is not divisible by U")
        h = sp.integrate(sp.expand(g.subs(U, (E - X**2) / 2)), X)
        H = H + d**k * sp.expand(h.subs(E, X**2 + 2 * U))
    return H, (U, X, d)


def _series_root(eqs, unknowns, start, d, order):
    """Power series x(d) = start + sum_j c_j d^j solving eqs(x, d) = 0 to d^order.

    At each order the equations are linear in the new coefficients (the Jacobian at
    d = 0 in the variables that are still free).
    """
    import sympy as sp
    sol = [sp.sympify(s) for s in start]
    cs = sp.symbols(f"c0:{len(unknowns)}")
    for j in range(1, order + 1):
        trial = {x: s + c * d**j for x, s, c in zip(unknowns, sol, cs)}
        lin = [sp.expand(e.subs(trial, simultaneous=True)).coeff(d, j) for e in eqs]
        res = sp.solve(lin, cs, dict=True)
        if len(res) != 1:
            raise AssertionError(f"order {j}: no unique solution")
        sol = [s + res[0][c] * d**j for s, c in zip(sol, cs)]
    return sol


@lru_cache(maxsize=4)
def expansions(order: int = 5) -> dict:
    """Exact coefficients (lists, index = power of delta) of v_final, u_peak_max and
    u_peak_min in the limit m -> infinity, y = 0, up to delta^order."""
    import sympy as sp
    H, (U, X, d) = formal_invariant(order + 1)
    h0 = H.subs({U: 0, X: 1})
    xf = _series_root([H.subs(U, 0) - h0], [X], [-1], d, order - 1)[0]
    v_final = sp.Poly(sp.expand(2 + d * xf), d)
    # largest peak: H = h0, dH/dX = 0, from (U, X) = (1/2, 0)
    um, xm = _series_root([H - h0, sp.diff(H, X)], [U, X], [sp.Rational(1, 2), 0], d,
                          order - 2)
    umin = _series_root([H.subs(X, d * U) - h0], [U], [sp.Rational(1, 2)], d, order - 2)[0]

    def coeffs(poly_expr, n):
        p = sp.Poly(sp.expand(poly_expr), d)
        return [p.coeff_monomial(d**i) for i in range(n + 1)]
    return {"v_final": coeffs(v_final.as_expr(), order),
            "u_peak_max": coeffs(d**2 * um, order),
            "u_peak_min": coeffs(d**2 * umin, order),
            "order": order}


def evaluate(coeffs, delta) -> float:
    """The truncated series at ``delta``."""
    return float(sum(float(c) * delta**i for i, c in enumerate(coeffs)))
