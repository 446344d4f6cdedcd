"""Why the upper edge moves: the kernel along the unstable manifold of the fixed points.

In the spectral form (identity A4 of :mod:`nqm_theory.activations.symbolic`),
rho' = rho (1 - V + 1/2 rho M_1), nu_k' = (1 - rho kappa_k)^2 nu_k with V = sum nu_k = eta*lam
and M_n = sum kappa_k^n nu_k.  Every (rho = 0, nu) is a fixed point; for V > 2 its rho
direction is unstable (eigenvalue 1 - V < -1) and a GD run that starts at rho(0) = O(m^-1/2)
follows the one-dimensional unstable manifold.  On it each weight is a universal function of
its own eigenvalue: nu_k(rho) = nu_k(0) F(kappa_k, rho) with
F(kappa, phi(rho)) = (1 - rho kappa)^2 F(kappa, rho), phi the map of rho on the manifold.
:func:`manifold_kernel` solves this order by order in rho (SymPy, exact) for a measure
symmetric under kappa -> -kappa (the infinite-width measure of every activation: v -> -v
maps kappa to -kappa) and returns V(rho) = sum_k nu_k(rho) as a series.  Result (checked in
the tests and in proofs_check):

    V(rho) = V0 + M2 (V0 - 4) / (V0^2 (V0 - 2)) rho^2 + c4(V0, M2, M4) rho^4 + O(rho^6),
    c4(4, M2, M4) = (V0 M4 - M2^2) / 8960  at V0 = 4.

So at order rho^2 the kernel decreases exactly when 2 < V0 < 4, for every activation (the
ReLU window); at V0 = 4 the first nonzero term is rho^4 (V0 M4 - M2^2)/8960, which is >= 0
by Cauchy-Schwarz, with equality exactly when |kappa| is constant on the support.  When the
curvatures spread (kurtosis M4 V0 / M2^2 > 1: tanh, erf, poly, gelu, silu, softplus,
leaky_relu with 0 < |alpha| < 1) the kernel grows along the manifold at V0 = 4, and the
divergence sets in below 4.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

__all__ = ["manifold_kernel", "V0", "M2", "M4", "M6"]

V0, M2, M4, M6 = sp.symbols("V_0 M_2 M_4 M_6", positive=True)
_rho, _kap = sp.symbols("rho kappa", real=True)


@lru_cache(maxsize=4)
def manifold_kernel(order: int = 4, v0=None) -> sp.Expr:
    """V(rho) on the unstable manifold up to ``rho**order`` (symmetric measure).

    The moments of the initial measure are V0 = M_0, M_2, M_4, ...; odd moments are 0.
    ``v0`` (a SymPy number) fixes V0, which makes high orders much faster.

    >>> manifold_kernel(2)
    M_2*rho**2*(V_0 - 4)/(V_0**2*(V_0 - 2)) + V_0
    """
    if not 2 <= order <= 6:
        from .._validate import NQMValueError
        raise NQMValueError(f"`order` must be an integer in [2, 6], got {order!r}")
    base = V0 if v0 is None else sp.nsimplify(v0)
    mom = {k: (sp.Integer(0) if k % 2 else
               {0: base, 2: M2, 4: M4, 6: M6}.get(k, sp.Symbol(f"M_{k}", positive=True)))
           for k in range(0, 2 * order + 2)}

    def moment(expr, shift):
        p = sp.Poly(sp.expand(expr * _kap**shift), _kap)
        return sum(c * mom[e[0]] for e, c in zip(p.monoms(), p.coeffs()))

    def trunc(expr, n):
        e = sp.expand(expr)
        return sum(e.coeff(_rho, k) * _rho**k for k in range(n + 1))

    # order by order: only the coefficients A_j,i of rho^j are unknown at step j
    F = sp.Integer(1)
    for j in range(1, order + 1):
        unknowns = [sp.Symbol(f"A_{j}_{i}") for i in range(j + 1)]
        Fj = F + sum(a * _kap**i for i, a in enumerate(unknowns)) * _rho**j
        V, M1 = moment(Fj, 0), moment(Fj, 1)
        phi = trunc(_rho * (1 - V + _rho * M1 / 2), j)
        comp, power = sp.Integer(0), sp.Integer(1)
        coeffs = [sp.expand(Fj).coeff(_rho, k) for k in range(j + 1)]
        for k, ck in enumerate(coeffs):          # F(phi) = sum_k c_k phi^k, to order j
            comp += ck * power
            power = trunc(power * phi, j)
        resid = sp.expand(trunc(comp, j) - trunc((1 - _rho * _kap)**2 * Fj, j)).coeff(_rho, j)
        eqs = sp.Poly(resid, _kap).coeffs()
        s = list(sp.linsolve(eqs, unknowns))
        if len(s) != 1 or any(e.free_symbols & set(unknowns) for e in s[0]):
            raise AssertionError(f"the manifold equations at order {j} have no unique "
                                 "solution")
        F = sp.expand(Fj.xreplace({a: sp.cancel(v) for a, v in zip(unknowns, s[0])}))
    V = moment(F, 0)
    series = sp.expand(V)
    return sum(sp.factor(sp.cancel(series.coeff(_rho, j))) * _rho**j
               for j in range(order + 1))
