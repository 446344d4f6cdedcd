"""Finite spectral measures: piecewise-linear activations collapse to 2 or 4 numbers (+ rho).

For sigma'' = 0 (relu, leaky_relu, linear, abs) every neuron block is
Ht_i = sigma'(z_i) sqrt a [[0, 1], [1, 0]], with eigenvalues +-sigma'(z_i) sqrt a and
eigenvectors (1, +-1)/sqrt 2.  The spectral measure of H seen from the gradient is therefore
carried by the finitely many values +-|slope| sqrt a of the activation's slopes:

* relu, linear, abs: kappa in {+sqrt a, -sqrt a} (K = 2);
* leaky_relu with slope alpha (|alpha| not in {0, 1}): {+-sqrt a, +-|alpha| sqrt a} (K = 4).

By identity A4 of :mod:`nqm_theory.activations.symbolic` the exact reduced dynamics are the
map (rho, nu_1, ..., nu_K) of :func:`spectral_map`, a :class:`~nqm_theory.maps.CompiledMap`
(float64, mpN, exact with rational kappa, ballN).  ``form="cell"`` gives the same map on the
state (u, v, rho, nu_2, ..., nu_K), u = rho^2 and v = sum nu = eta*lam, the "(u, v, ...)"
form that the engine's NQM cell loop classifies (:mod:`nqm_theory.maps.loops`).
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from .._validate import NQMValueError

__all__ = ["slopes", "kappas_of", "spectral_map", "spectral_state"]


def slopes(activation) -> tuple:
    """The distinct values of sigma' of a piecewise-linear activation (exact Fractions)."""
    import sympy as sp
    if not activation.piecewise_linear:
        raise NQMValueError(f"`activation` {activation.name} is not piecewise linear "
                            "(sigma'' != 0): use the population map")
    d1 = activation.d1
    parts = [a.expr for a in d1.args] if isinstance(d1, sp.Piecewise) else [d1]
    return tuple(sorted({Fraction(int(p.p), int(p.q)) for p in parts}))


def kappas_of(activation, sqrt_a=Fraction(1)) -> tuple:
    """Support of the spectral measure: (+|s| sqrt a, -|s| sqrt a) for each distinct |slope| s.

    >>> from nqm_theory.activations.catalogue import make_activation
    >>> kappas_of(make_activation("leaky_relu", Fraction(1, 4)))
    (Fraction(1, 1), Fraction(-1, 1), Fraction(1, 4), Fraction(-1, 4))
    >>> kappas_of(make_activation("abs"))
    (Fraction(1, 1), Fraction(-1, 1))
    """
    import sympy as sp

    from .catalogue import z
    mags = sorted({abs(s) for s in slopes(activation)} - {0}, reverse=True)
    out = []
    for s in mags:
        out += [s * sqrt_a, -s * sqrt_a]
    # a flat piece carries weight only where sigma != 0 there (relu: sigma = 0, no atom)
    e = activation.expr
    pieces = [a.expr for a in e.args] if isinstance(e, sp.Piecewise) else [e]
    if any(sp.diff(p, z) == 0 and p != 0 for p in pieces):
        out.append(Fraction(0))
    return tuple(out)


@lru_cache(maxsize=32)
def spectral_map(kappas: tuple, form: str = "orbit"):
    """The derived spectral map for the eigenvalues ``kappas`` (a tuple of Fractions).

    >>> M = spectral_map((Fraction(1), Fraction(-1)))
    >>> [s.name for s in M.state], M.rational
    (['rho', 'nu_1', 'nu_2'], True)
    """
    import sympy as sp

    from .._validate import check_choice
    from ..maps import compile_map
    from .symbolic import spectral_update
    check_choice("form", form, ("orbit", "cell"))
    ks = tuple(sp.Rational(Fraction(k).numerator, Fraction(k).denominator) for k in kappas)
    state, update = spectral_update(ks)
    label = ", ".join(str(k) for k in ks)
    if form == "orbit":
        return compile_map(state, (), update, name=f"spectral NQM map kappa=({label})",
                           jit=False)
    u, v = sp.symbols("u v", real=True)
    rho, nus = state[0], state[1:]
    sub = {nus[0]: v - sum(nus[1:])}
    rho_n = sp.expand(update[0].xreplace(sub))
    nus_n = [sp.expand(e.xreplace(sub)) for e in update[1:]]
    cell = (sp.expand(rho_n**2), sp.expand(sum(nus_n)), rho_n) + tuple(nus_n[1:])
    return compile_map((u, v, rho) + tuple(nus[1:]), (), cell,
                       name=f"spectral NQM cell map kappa=({label})", jit=False)


def spectral_state(activation, zs, vs, eta, rho0, *, sqrt_a=Fraction(1)):
    """``(kappas, state)``: the spectral measure of a draw and the map's initial state.

    ``state = (rho0, nu_1, ..., nu_K)`` with nu_k = eta <(J~.e_k)^2>: each neuron puts
    eta/m (v sigma' sqrt a +- sigma)^2 / 2 on kappa = +-sigma' sqrt a.  Exact (Fractions)
    when ``zs``, ``vs``, ``eta``, ``rho0`` are.
    """
    ks = kappas_of(activation, sqrt_a)
    exact = all(isinstance(t, (int, Fraction)) for t in list(zs) + list(vs) + [eta, rho0])
    m = len(zs)
    zero = Fraction(0) if exact else 0.0
    nus = {k: zero for k in ks}
    for zi, vi in zip(zs, vs):
        s0, s1, _ = (activation.exact_derivatives(zi) if exact else
                     tuple(float(t) for t in activation.derivatives(float(zi))))
        j1, j2 = vi * s1 * sqrt_a, s0
        for sign in (1, -1):
            k = sign * s1 * sqrt_a
            k = min(ks, key=lambda kk: abs(kk - k))
            wgt = (j1 + sign * j2) ** 2 / 2
            nus[k] += wgt / m if exact else float(wgt) / m
    return ks, (rho0,) + tuple(eta * nus[k] for k in ks)

