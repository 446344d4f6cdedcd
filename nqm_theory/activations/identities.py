"""Two more identities behind the reduction (issue 11), checked with SymPy.

* :func:`two_atom_closure`: for a spectral measure on {+k, -k} (relu, linear, abs) the
  spectral map (identity A4 of :mod:`nqm_theory.activations.symbolic`) *is* the paper's
  (u, v, w) map of docs/theory.md §3, with u = k^2 rho^2, v = nu_+ + nu_- and
  w = rho M_1/2 - u (M_1 = k (nu_+ - nu_-)); for relu, w = c eta^2 r y by homogeneity.
* :func:`sign_symmetry`: the neuron (z, -v) has Ht(-v) = -P Ht(v) P and Jt(-v) = -P Jt(v),
  P = diag(1, -1), for every sigma.  Its spectral measure is the mirror image (kappa ->
  -kappa) of that of (z, v), so the initialisation law (v = +-1 with probability 1/2) gives
  a measure symmetric in kappa: all odd moments vanish in the infinite-width limit.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["two_atom_closure", "sign_symmetry"]


def two_atom_closure() -> dict:
    """The (u, v, w) map from the two-atom spectral map: ``{"u", "v", "w"}: bool``.

    >>> two_atom_closure()
    {'u': True, 'v': True, 'w': True}
    """
    from ..symbolic.maps import one_example_map
    from .symbolic import spectral_update
    k = sp.Symbol("k", positive=True)
    state, upd = spectral_update((k, -k))
    rho, n1, n2 = state
    u, v, w = sp.symbols("u v w", real=True)
    M1 = k * (n1 - n2)
    rho_n, n1n, n2n = upd
    M1n = k * (n1n - n2n)
    # the map acts on rho' = k rho (eigenvalues in units of k): u = (k rho)^2
    got = {"u": (k * rho_n)**2, "v": n1n + n2n, "w": rho_n * M1n / 2 - (k * rho_n)**2}
    sub = {u: (k * rho)**2, v: n1 + n2, w: rho * M1 / 2 - (k * rho)**2}
    paper = dict(zip(("u", "v", "w"), one_example_map().update))
    return {name: sp.expand(got[name] - paper[name].xreplace(sub)) == 0
            for name in ("u", "v", "w")}


def sign_symmetry() -> bool:
    """Ht(-v) = -P Ht(v) P and Jt(-v) = -P Jt(v) for an undefined sigma (True if both hold).

    >>> sign_symmetry()
    True
    """
    zz, a = sp.Symbol("z", real=True), sp.Symbol("a", positive=True)
    vv = sp.Symbol("v", real=True)
    s = sp.Function("sigma")
    s0, s1, s2 = s(zz), sp.diff(s(zz), zz), sp.diff(s(zz), zz, 2)

    def blocks(vs):
        Ht = sp.Matrix([[vs * s2 * a, s1 * sp.sqrt(a)], [s1 * sp.sqrt(a), 0]])
        Jt = sp.Matrix([vs * s1 * sp.sqrt(a), s0])
        return Ht, Jt

    P = sp.diag(1, -1)
    (H1, J1), (H2, J2) = blocks(vv), blocks(-vv)
    return (sp.simplify(H2 + P * H1 * P) == sp.zeros(2, 2)
            and sp.simplify(J2 + P * J1) == sp.zeros(2, 1))
