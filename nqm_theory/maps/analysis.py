"""Dynamics of any compiled map: fixed points with their symbolic Jacobian, and FTLE.

* :func:`fixed_points` solves ``F(x) = x`` with SymPy and gives, for every solution
  family, the Jacobian there and its eigenvalues (linear stability: all moduli < 1).
* :func:`ftle` computes finite-time Lyapunov exponents along an orbit by the
  Benettin/QR method: ``Q_{t+1} R_t = J(x_t) Q_t``, exponents ``(1/T) sum_t log|diag R_t|``
  (natural log, per step), in float64 (numpy) or mpN (mpmath).

Examples
--------
>>> import sympy as sp
>>> from nqm_theory.maps import compile_map
>>> x, r = sp.symbols("x r")
>>> logistic = compile_map([x], [r], [r * x * (1 - x)], name="logistic", jit=False)
>>> [fp.point[x] for fp in fixed_points(logistic)]
[0, (r - 1)/r]
>>> res = ftle(logistic, [0.2], [4.0], steps=20000)
>>> bool(abs(res.exponents[0] - float(sp.log(2))) < 0.01)
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError, check_int

__all__ = ["FixedPoint", "fixed_points", "FTLEResult", "ftle"]


@dataclass(frozen=True)
class FixedPoint:
    """A solution (family) of ``F(x) = x``.

    Attributes
    ----------
    point : dict
        ``{state symbol: expression}`` (free symbols: parameters, or state symbols along a
        family of fixed points).
    jacobian : sympy.Matrix
        ``dF/dx`` at the point.
    eigenvalues : dict
        ``{eigenvalue: multiplicity}`` of the Jacobian.
    """

    point: dict
    jacobian: object
    eigenvalues: dict


def fixed_points(cmap) -> tuple:
    """All solutions of ``F(x) = x`` (SymPy ``solve``), with Jacobians and eigenvalues."""
    import sympy as sp
    eqs = [sp.numer(sp.together(e - s)) for s, e in zip(cmap.state, cmap.update)]
    sols = sp.solve(eqs, list(cmap.state), dict=True)
    J = cmap.jacobian()
    out = []
    for sol in sols:
        pt = {s: sp.simplify(sp.sympify(sol.get(s, s))) for s in cmap.state}
        if any(sp.simplify(sp.together(e.subs(pt)) - pt[s]) != 0
               for s, e in zip(cmap.state, cmap.update)):
            continue  # a root of the numerators at a pole of the map
        Jp = sp.simplify(J.subs(pt))
        eigs = {sp.factor(ev): k for ev, k in Jp.eigenvals().items()}
        out.append(FixedPoint(pt, Jp, eigs))
    return tuple(out)


@dataclass(frozen=True, eq=False)
class FTLEResult:
    """Result of :func:`ftle`.

    Attributes
    ----------
    exponents : ndarray, shape (n,)
        Finite-time Lyapunov exponents over the steps done, largest first (per step,
        natural log); -inf where a direction collapsed exactly.
    local : ndarray, shape (steps_done, n)
        ``log |R_t[i, i]|`` per step (their running mean converges to the exponents).
    steps : int
        Steps done (fewer than requested when the orbit stopped being finite).
    precision : str
    """

    exponents: np.ndarray
    local: np.ndarray
    steps: int
    precision: str


def ftle(cmap, x0, params=(), *, steps: int, precision: str = "float64") -> FTLEResult:
    """Finite-time Lyapunov exponents of ``cmap`` along the orbit from ``x0``.

    Parameters
    ----------
    cmap : CompiledMap
    x0, params :
        As for :meth:`CompiledMap.orbit`.
    steps : int
    precision : {"float64", "mpN"}
    """
    from .numbers import parse_precision
    prec = parse_precision(precision)
    if prec.kind not in ("float64", "mp"):
        raise NQMValueError(f"`precision` for ftle must be 'float64' or 'mpN', got {precision!r}")
    steps = check_int("steps", steps, ge=1, le=10**8)
    orb = cmap.orbit(x0, params, steps=steps, precision=prec.name)
    jac = cmap.jacobian_function(prec.name)
    n = cmap.n
    with prec.context():
        if prec.kind == "mp":
            import mpmath
            local = _qr_mp(jac, orb, n, mpmath)
        else:
            local = _qr_float(jac, orb, n)
    if len(local):
        exps = np.sort(local.mean(axis=0))[::-1]
    else:
        exps = np.full(n, np.nan)
    return FTLEResult(exps, local, len(local), prec.name)


def _qr_float(jac, orb, n):
    Q = np.eye(n)
    out = []
    p = orb.params
    with np.errstate(all="ignore"):
        for t in range(orb.steps):
            x = tuple(float(v) for v in orb.states[t])
            J = np.array(jac(x, p), dtype=float).reshape(n, n)
            if not np.all(np.isfinite(J)):
                break
            Q, R = np.linalg.qr(J @ Q)
            d = np.abs(np.diag(R))
            out.append(np.where(d > 0, np.log(np.where(d > 0, d, 1.0)), -math.inf))
    return np.array(out).reshape(-1, n)


def _qr_mp(jac, orb, n, mpmath):
    Q = mpmath.eye(n)
    out = []
    p = orb.params
    for t in range(orb.steps):
        x = tuple(orb.states[t])
        J = mpmath.matrix(n, n)
        for k, e in enumerate(jac(x, p)):
            J[k // n, k % n] = e
        Q, R = mpmath.qr(J * Q)
        out.append([float(mpmath.log(abs(R[i, i]))) if R[i, i] != 0 else -math.inf
                    for i in range(n)])
    return np.array(out, dtype=float).reshape(-1, n)
