"""The two-layer ReLU network and its NQM, built symbolically for small widths.

This module is the *model definition* the derivation starts from (docs/theory.md §2):

.. math:: f(U, V; x) = m^{-1/2} \\sum_i V_i \\,\\mathrm{relu}(U_i^T x / \\sqrt d)

For explicit small widths ``m`` and input dimensions ``d`` every parameter and input
component is a SymPy symbol; the activation pattern at initialization enters through
indicator symbols ``s_i = 1{U0_i . x >= 0}`` (relu'(z) = s, relu''(z) = 0 a.e.).
The NQM is obtained by a genuine second-order Taylor expansion (``sympy.diff``), never
typed in.  The structural facts used by the general-``m`` derivation
(:mod:`nqm_theory.symbolic.derive`) are then *checked* here:

* (S1) the ReLU NQM is a quadratic form, ``g(theta) = 1/2 theta^T H theta``;
* (S2) its parameter Hessian satisfies ``H^3 = c H`` with ``c = |x|^2/(m d)``;
* (S3) ``H`` is block diagonal over neurons (the proof of (S2) for every ``m``).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

__all__ = ["SymbolicReLU", "symbolic_relu", "check_structural_identities"]


@dataclass(frozen=True)
class SymbolicReLU:
    """Symbolic width-``m`` ReLU network, its NQM and Hessian for one input ``x``.

    Attributes
    ----------
    m, d : int
        Width and input dimension.
    theta, theta0 : tuple of Symbol
        Parameters ``(U_1, V_1, ..., U_m, V_m)`` (U_i has d entries) and their initial values.
    x : tuple of Symbol
        Input components.
    s : tuple of Symbol
        Activation indicators at initialization, one per neuron (values 0 or 1).
    f_quad : Expr
        The NQM, second-order Taylor expansion of ``f`` around ``theta0``.
    hessian : Matrix
        The constant parameter Hessian ``H`` of ``f_quad``.
    """

    m: int
    d: int
    theta: tuple
    theta0: tuple
    x: tuple
    s: tuple
    f_quad: sp.Expr
    hessian: sp.Matrix

    @property
    def c(self) -> sp.Expr:
        """``c = |x|^2 / (m d)`` (docs/theory.md §3)."""
        return sum(xi**2 for xi in self.x) / (self.m * self.d)


def _relu_local(z, s):
    """relu near the initial point: relu(z) = z * s with s = 1{z0 >= 0} (relu'' = 0)."""
    return z * s


@lru_cache(maxsize=None)
def symbolic_relu(m: int, d: int) -> SymbolicReLU:
    """Build the width-``m`` network and derive its NQM by Taylor expansion.

    Examples
    --------
    >>> net = symbolic_relu(1, 1)
    >>> net.f_quad
    U_1_1*V_1*s_1*x_1
    """
    x = sp.symbols(f"x_1:{d + 1}", real=True)
    s = sp.symbols(f"s_1:{m + 1}", nonnegative=True)
    U = [sp.symbols(f"U_{i + 1}_1:{d + 1}", real=True) for i in range(m)]
    V = sp.symbols(f"V_1:{m + 1}", real=True)
    U0 = [sp.symbols(f"U0_{i + 1}_1:{d + 1}", real=True) for i in range(m)]
    V0 = sp.symbols(f"V0_1:{m + 1}", real=True)
    theta = tuple(itertools.chain.from_iterable([*U[i], V[i]] for i in range(m)))
    theta0 = tuple(itertools.chain.from_iterable([*U0[i], V0[i]] for i in range(m)))
    pre = [sum(U[i][k] * x[k] for k in range(d)) / sp.sqrt(d) for i in range(m)]
    f = sum(V[i] * _relu_local(pre[i], s[i]) for i in range(m)) / sp.sqrt(m)
    at0 = dict(zip(theta, theta0))
    delta = sp.Matrix([t - t0 for t, t0 in zip(theta, theta0)])
    grad0 = sp.Matrix([sp.diff(f, t) for t in theta]).subs(at0)
    hess = sp.hessian(f, theta).subs(at0)
    f_quad = f.subs(at0) + (grad0.T * delta)[0] + (delta.T * hess * delta)[0] / 2
    return SymbolicReLU(m, d, theta, theta0, tuple(x), tuple(s), sp.expand(f_quad),
                        sp.ImmutableMatrix(hess))


def _over_patterns(net: SymbolicReLU, expr):
    """Yield ``expr`` with the indicators set to every pattern in {0, 1}^m."""
    for bits in itertools.product((0, 1), repeat=net.m):
        yield expr.subs(dict(zip(net.s, bits))) if hasattr(expr, "subs") else expr


def check_structural_identities(m: int, d: int) -> dict:
    """Check (S1)-(S3) symbolically for width ``m`` and dimension ``d``.

    Returns a dict ``{"S0": bool, "S1": bool, "S2": bool, "S3": bool}``; each entry is
    ``True`` only if the identity simplifies to exactly zero for every activation pattern.
    (S0) is the agreement of the Taylor expansion with the paper's printed four-term NQM.

    Examples
    --------
    >>> check_structural_identities(2, 2)
    {'S0': True, 'S1': True, 'S2': True, 'S3': True}
    """
    net = symbolic_relu(m, d)
    th = sp.Matrix(net.theta)
    H = net.hessian
    s1 = sp.expand(net.f_quad - (th.T * H * th)[0] / 2)
    s2 = (H**3 - net.c * H).applyfunc(sp.expand)
    p = d + 1
    s3 = all(H[i, j] == 0 for i in range(H.rows) for j in range(H.cols) if i // p != j // p)
    ok0 = all(sp.simplify(e) == 0 for e in _over_patterns(net, sp.expand(
        net.f_quad - paper_nqm(net))))
    ok1 = all(sp.simplify(e) == 0 for e in _over_patterns(net, s1))
    ok2 = all(sp.simplify(e) == sp.zeros(*H.shape) for e in _over_patterns(net, s2))
    return {"S0": ok0, "S1": ok1, "S2": ok2, "S3": bool(s3)}


def paper_nqm(net: SymbolicReLU) -> sp.Expr:
    """docs/theory.md §2's printed four-term NQM, written out for comparison with ``f_quad``."""
    m, d, p = net.m, net.d, net.d + 1
    total = 0
    for i in range(m):
        Ui, Vi = net.theta[i * p:i * p + d], net.theta[i * p + d]
        U0i, V0i = net.theta0[i * p:i * p + d], net.theta0[i * p + d]
        pre0 = sum(a * b for a, b in zip(U0i, net.x))
        dpre = sum((a - a0) * b for a, a0, b in zip(Ui, U0i, net.x))
        total += (V0i * pre0 * net.s[i] / sp.sqrt(m * d) + V0i * dpre * net.s[i] / sp.sqrt(m * d)
                  + (Vi - V0i) * net.s[i] * pre0 / sp.sqrt(m * d)
                  + (Vi - V0i) * dpre * net.s[i] / sp.sqrt(m * d))
    return total
