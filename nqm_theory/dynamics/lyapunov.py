"""Finite-time Lyapunov exponents (FTLE) of GD trajectories of the (u, v, w) map.

The tangent vector ``e`` is carried along a trajectory by the Jacobian of the map object
(``map=``, default the derived one-example map; its Jacobian is generated from SymPy by
the engine, :meth:`nqm_theory.maps.CompiledMap.jacobian_function`): ``e <- J(x_t) e``,
renormalised every step (the largest exponent; the full spectrum of any map is
:func:`nqm_theory.maps.ftle`).  The local
exponent at step t is ``log |J(x_t) e_t|``; the FTLE over steps [a, b) is their mean.
A positive FTLE over the transient and a negative/zero one afterwards is the signature
of *transient* chaos; persistent chaos would keep it positive on a bounded orbit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["FTLE", "ftle", "find_period"]


@dataclass(frozen=True)
class FTLE:
    """Result of :func:`ftle`.

    Attributes
    ----------
    local : ndarray, shape (T,)
        ``log |J(x_t) e_t|`` for t = 0..T-1 (natural log, per GD step).
    cumulative : ndarray, shape (T,)
        Running mean of ``local`` (the FTLE over steps [0, t]).
    transient, after : float
        Mean of ``local`` before / after the step where eta*lambda first drops below 2
        for good (nan when that never happens).
    regime : str
    """

    local: np.ndarray
    cumulative: np.ndarray
    transient: float
    after: float
    regime: str


def ftle(problem, *, steps: int = 10_000, precision: str = "float64", map=None) -> FTLE:
    """FTLE along the GD trajectory of a :class:`~nqm_theory.models.OneExample`.

    Parameters
    ----------
    problem : OneExample
    steps : int
        Step budget of the underlying :func:`nqm_theory.iterate` run.
    precision : {"float64", "mpN"}
        Arithmetic of the trajectory and of the Jacobian (mpmath for checking).
    map : CompiledMap, optional
        A (u, v, w) map (default: the derived one-example map).

    Examples
    --------
    >>> from nqm_theory import OneExample
    >>> r = ftle(OneExample(width=1e4, eta=3.0, lam0=1, g0=0.7, y=0.3), steps=5000)
    >>> r.regime, bool(r.transient > 0.5), bool(abs(r.after) < 0.05)
    ('catapult', True, True)
    """
    from .._validate import NQMValueError
    from ..core.iterate import default_map, iterate, parse_precision
    prec = parse_precision(precision)
    if prec.kind not in ("float64", "mp"):
        raise NQMValueError(f"`precision` must be 'float64' or 'mpN', got {precision!r}")
    cmap = default_map() if map is None else map
    run = iterate(problem, steps=steps, precision=precision, record=True, map=cmap)
    tr = run.trajectory
    n = len(tr.u) - 1
    jac = cmap.jacobian_function(prec.name)
    if prec.kind == "mp":
        import mpmath
        with mpmath.workdps(prec.digits):
            loc = _tangent(jac, tr, n, mpmath.sqrt, mpmath.log)
    else:
        loc = _tangent(jac, tr, n, math.sqrt, math.log)
    local = np.array([float(x) for x in loc])
    cum = np.cumsum(local) / np.arange(1, n + 1) if n else local
    v = np.array([float(x) for x in tr.v[:n]])
    above = np.nonzero(~((v > 0) & (v < 2)))[0]
    cut = int(above[-1]) + 1 if above.size else 0
    mean = lambda a: float(np.mean(a)) if a.size else float("nan")  # noqa: E731
    return FTLE(local, cum, mean(local[:cut]), mean(local[cut:]), run.regime.value)


def _tangent(jac, tr, n, sqrt, log):
    e = [1, 1, 1]
    out = []
    for t in range(n):
        J = jac((tr.u[t], tr.v[t], tr.w[t]), ())
        f = [J[3 * i] * e[0] + J[3 * i + 1] * e[1] + J[3 * i + 2] * e[2] for i in range(3)]
        norm = sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2])
        if not norm > 0:
            out.append(float("-inf"))
            break
        nrm0 = sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2])
        out.append(log(norm / nrm0))
        e = [x / norm for x in f]
    return out


def find_period(u, v, w, *, pmax: int = 64, rtol: float = 1e-9, tail: int = 8):
    """Smallest p <= pmax with ``|x[t] - x[t - p]| <= rtol |x[t]|`` over the last ``tail`` steps.

    ``x = (u, v, w)`` and ``|.|`` is the Euclidean norm.

    Returns None when the end of the trajectory is not periodic.  A converged GD run ends
    at a fixed point (period 1).

    Examples
    --------
    >>> import numpy as np
    >>> find_period(np.array([0., 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]), np.zeros(11), np.zeros(11),
    ...             tail=4)
    2
    """
    X = np.stack([np.asarray(a, dtype=float) for a in (u, v, w)], axis=1)
    n = X.shape[0]
    for p in range(1, pmax + 1):
        if n < p + tail:
            return None
        a, b = X[n - tail:], X[n - tail - p:n - p]
        with np.errstate(all="ignore"):
            dist = np.linalg.norm(a - b, axis=1)
            if np.all(dist <= rtol * np.linalg.norm(a, axis=1)):
                return p
    return None
