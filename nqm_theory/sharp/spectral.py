"""Invariants of the activation maps (issue 11's spectral maps), found and proven.

The invariant search (:func:`nqm_theory.sharp.darboux.search_invariants`) run on the
spectral NQM map of any activation (:func:`nqm_theory.activations.spectral.spectral_map`;
docs/theory.md §2-3: rho = eta r / sqrt m, nu_k = eta beta_k^2, kappa_k the curvatures)

    rho' = rho (1 - sum_k nu_k + rho sum_k kappa_k nu_k / 2),
    nu_k' = (1 - rho kappa_k)^2 nu_k

finds, besides the Darboux polynomials nu_k (cofactor (1 - rho kappa_k)^2) and rho, one
**first integral** (cofactor 1) whenever no kappa_k is 0:

    I = 2 rho - sum_k nu_k / kappa_k.

*Proof* (:func:`first_integral_identity`, a SymPy identity for symbolic kappa_k):
sum nu_k'/kappa_k = sum nu_k/kappa_k - 2 rho sum nu_k + rho^2 sum kappa_k nu_k, which is
2 rho' - 2 rho + sum nu_k/kappa_k.  []

Meaning: with G the gradient and H the Hessian of the NQM g at the current parameters,
I = (eta/sqrt m)(2 r - G^T H^(-1) G) = (2 eta/sqrt m)(g* - y), where g* is the value of
the NQM at its stationary point theta*: for g(theta) = g* + (theta - theta*)^T H (theta -
theta*)/2, g - G^T H^(-1) G / 2 = g* at every theta, and g* belongs to the function, not
to the point GD has reached.  For ReLU
(kappa = +-sqrt(a)) it is the paper's invariant: w / rho = -(a/2) I, so w^2/u = (a/4) I^2
= C^2/m.  Consequence: for every activation with invertible H the orbit lies on the
hyperplane I = I(0), so the K + 1 numbers of the spectral map move in K dimensions.

Examples
--------
>>> from fractions import Fraction as F
>>> r = activation_invariants((F(1), F(-1)), degree=1)          # ReLU, |x|^2/d = 1
>>> [str(f.basis) for f in r.families if f.cofactor == 1]
['(1, -nu_1 + nu_2 + 2*rho)']
>>> first_integral_identity(3)
True
"""
from __future__ import annotations

from fractions import Fraction

__all__ = ["activation_invariants", "first_integral", "first_integral_identity"]


def activation_invariants(kappas, degree: int = 1):
    """:func:`~nqm_theory.sharp.darboux.search_invariants` on the spectral map of ``kappas``.

    Parameters
    ----------
    kappas : sequence of Fraction
        The curvatures (atoms of the spectral measure), e.g. ``(1, -1)`` for ReLU with
        ``|x|^2/d = 1`` and ``(1, -1, alpha, -alpha)`` for leaky ReLU.
    degree : int, default 1
        Degree bound of the search.

    Returns
    -------
    InvariantSearch
    """
    from ..activations.spectral import spectral_map
    from .darboux import search_invariants
    return search_invariants(spectral_map(tuple(Fraction(k) for k in kappas)), degree=degree)


def first_integral(rho, nus, kappas):
    """I = 2 rho - sum_k nu_k / kappa_k (module doc), on numbers of any kind."""
    return 2 * rho - sum(n / k for n, k in zip(nus, kappas))


def first_integral_identity(K: int) -> bool:
    """True iff I(next state) - I(state) expands to 0 for K symbolic curvatures (SymPy)."""
    import sympy as sp
    rho = sp.Symbol("rho")
    nus = sp.symbols(f"nu1:{K + 1}")
    ks = sp.symbols(f"kappa1:{K + 1}", nonzero=True)
    rho1 = rho * (1 - sum(nus) + rho * sum(k * n for k, n in zip(ks, nus)) / 2)
    nus1 = [(1 - rho * k) ** 2 * n for k, n in zip(ks, nus)]
    diff = first_integral(rho1, nus1, ks) - first_integral(rho, nus, ks)
    return sp.simplify(sp.together(sp.expand(diff))) == 0
