"""General quadratic models (docs/theory.md §6): one GD step derived with SymPy.

For g_k(w) = w^T phi_k + 1/2 gamma w^T Sigma_k w on n examples, with Jacobian J (n x p,
row k = grad g_k), residual r = g - y, Hessians H_k = gamma Sigma_k and
``G`` the n x p matrix with rows ``G_k = r^T J H_k`` (the paper's G(t)), one GD step
w' = w - eta J^T r gives exactly

    g(t+1) - y = (I - eta K + 1/2 eta^2 G J^T) r                      (as printed),
    K(t+1)     = K - eta (G J^T + J G^T) + eta^2 G G^T                (derived),

whereas docs/theory.md §6 prints ``K(t+1) = K - 1/4 eta (4 G J^T - eta G G^T)``: the cross
term lacks its transpose (it is not symmetric) and the eta^2 term is 4x too small.

Proposition 10 (phi = 0, y = 0, one example, Sigma^3 = |x|^2 Sigma -- implied by
Sigma^2 = |x|^2 I) derived like the one-example map (Krylov reduction in Sigma):

    g(t+1)   = (1 - eta lam + gamma^2 eta^2 |x|^2 g^2) g,
    lam(t+1) = lam - eta gamma^2 |x|^2 g^2 (4 - eta lam),

i.e. the one-example map with c = gamma^2 |x|^2; docs/theory.md §6 prints gamma for gamma^2
and omits the factor eta in the kernel update.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..symbolic.symbols import eta

__all__ = ["GeneralDynamics", "derive_general_dynamics", "Prop10", "derive_prop10",
           "correct_kernel_update", "paper_kernel_update"]

gamma, xn2 = sp.symbols("gamma xnorm2", positive=True)
S, gs, lams = sp.Symbol("Sigma"), sp.Symbol("g", real=True), sp.Symbol("lam", positive=True)


def correct_kernel_update(K, J, G, eta_):
    """K(t+1) = K - eta (G J^T + J G^T) + eta^2 G G^T (works on SymPy and NumPy matrices)."""
    return K - eta_ * (G @ J.T + J @ G.T) + eta_**2 * (G @ G.T)


def paper_kernel_update(K, J, G, eta_):
    """docs/theory.md §6 as printed: K - 1/4 eta (4 G J^T - eta G G^T)."""
    return K - eta_ / 4 * (4 * (G @ J.T) - eta_ * (G @ G.T))


@dataclass(frozen=True)
class GeneralDynamics:
    """Checks of §6's dynamics on a generic symbolic quadratic model (n examples, p params).

    ``checks``: ``residual_printed`` (True), ``kernel_derived`` (True),
    ``kernel_printed`` (False), ``kernel_printed_symmetric`` (is the printed update even
    symmetric: False for n >= 2).
    """

    n: int
    p: int
    checks: dict


@lru_cache(maxsize=None)
def derive_general_dynamics(n: int = 2, p: int = 2) -> GeneralDynamics:
    """One explicit GD step on a generic quadratic model vs. the §6 equations.

    Examples
    --------
    >>> D = derive_general_dynamics(2, 2)
    >>> D.checks["residual_printed"], D.checks["kernel_derived"], D.checks["kernel_printed"]
    (True, True, False)
    """
    w = sp.Matrix(sp.symbols(f"w1:{p + 1}", real=True))
    y = sp.Matrix(sp.symbols(f"y1:{n + 1}", real=True))
    phi = [sp.Matrix(sp.symbols(f"phi{k + 1}_1:{p + 1}", real=True)) for k in range(n)]
    Sig = []
    for k in range(n):
        M = sp.zeros(p, p)
        for i in range(p):
            for j in range(i, p):
                M[i, j] = M[j, i] = sp.Symbol(f"S{k + 1}_{i + 1}{j + 1}", real=True)
        Sig.append(M)

    def outputs(wv):
        return sp.Matrix([(wv.T * phi[k])[0] + gamma / 2 * (wv.T * Sig[k] * wv)[0]
                          for k in range(n)])

    def jac(wv):
        return sp.Matrix.vstack(*[(phi[k] + gamma * Sig[k] * wv).T for k in range(n)])

    f, J = outputs(w), jac(w)
    r = f - y
    K = J * J.T
    w1 = w - eta * J.T * r
    f1, J1 = outputs(w1), jac(w1)
    K1 = J1 * J1.T
    G = sp.Matrix.vstack(*[r.T * J * (gamma * Sig[k]) for k in range(n)])
    zero = lambda M: all(sp.expand(e) == 0 for e in M)  # noqa: E731
    res_pred = (sp.eye(n) - eta * K + eta**2 / 2 * G * J.T) * r
    printed = paper_kernel_update(K, J, G, eta)
    checks = {"residual_printed": zero(f1 - y - res_pred),
              "kernel_derived": zero(K1 - correct_kernel_update(K, J, G, eta)),
              "kernel_printed": zero(K1 - printed),
              "kernel_printed_symmetric": zero(printed - printed.T)}
    return GeneralDynamics(n, p, checks)


@dataclass(frozen=True)
class Prop10:
    """Derived Proposition 10 map and its comparison with docs/theory.md §6.

    ``g_next``, ``lam_next``: derived (symbols g, lam, eta, gamma, xnorm2);
    ``printed``: the printed pair; ``matches_printed``: False;
    ``one_example_form``: True iff the derived map is the §3 map with c = gamma^2 |x|^2.
    """

    g_next: sp.Expr
    lam_next: sp.Expr
    printed: tuple
    matches_printed: bool
    one_example_form: bool


@lru_cache(maxsize=1)
def derive_prop10() -> Prop10:
    """Derive Prop. 10 by reducing polynomials in Sigma modulo ``Sigma^3 - |x|^2 Sigma``.

    Moments: ``w^T Sigma w = 2 g / gamma``, ``w^T Sigma^2 w = lam / gamma^2``
    (``lam = |gamma Sigma w|^2``).
    A step is w' = (1 - eta gamma g Sigma) w.

    Examples
    --------
    >>> P = derive_prop10()
    >>> P.matches_printed, P.one_example_form
    (False, True)
    """
    step = 1 - eta * gamma * gs * S

    def moments(poly):
        rem = sp.Poly(sp.rem(sp.expand(poly), S**3 - xn2 * S, S), S)
        c = {k: rem.coeff_monomial(S**k) for k in range(3)}
        if c[0] != 0:
            raise AssertionError("w^T w appeared")
        return c[1] * 2 * gs / gamma + c[2] * lams / gamma**2

    g_next = sp.expand(gamma / 2 * moments(step**2 * S))
    lam_next = sp.expand(gamma**2 * moments(step**2 * S**2))
    printed = (sp.expand((1 - eta * lams + gamma * eta**2 * xn2 * gs**2) * gs),
               sp.expand(lams - gamma * xn2 * gs**2 * (4 - eta * lams)))
    from ..symbolic.derive import derive_one_example
    from ..symbolic.symbols import c, g, lam, r, y
    r_next, l_next = derive_one_example().residual_map.next_state
    sub = {c: gamma**2 * xn2, r: gs, g: gs, lam: lams, y: 0}
    one = (sp.expand(g_next - r_next.xreplace(sub)) == 0
           and sp.expand(lam_next - l_next.xreplace(sub)) == 0)
    match = sp.expand(g_next - printed[0]) == 0 and sp.expand(lam_next - printed[1]) == 0
    return Prop10(g_next, lam_next, printed, bool(match), bool(one))
