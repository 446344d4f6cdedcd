"""Batched float64 orbits of any map: ``cmap.iterate_many(x0, params, steps=T)``.

States ``x0`` of shape (..., n) and parameters of shape (..., k) (or a dict of arrays by
parameter name) are broadcast together; every cell runs independently in the numba loop
:func:`nqm_theory.maps.loops.make_batch` (parallel over cells, results independent of the
thread count and bit-identical to ``cmap.orbit(..., precision="float64")``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError, check_int

__all__ = ["BatchOrbit", "iterate_many"]

#: Largest number of recorded values (cells x (steps + 1) x n) of ``record=True``.
MAX_RECORDED = 50_000_000


@dataclass(frozen=True, eq=False)
class BatchOrbit:
    """Result of :func:`iterate_many`; ``shape`` is the broadcast shape of the cells.

    Attributes
    ----------
    final : ndarray, shape ``(*shape, n)``
        State after ``steps`` steps (or where the cell stopped).
    steps_done : ndarray of int64, shape ``shape``
        Steps done per cell; fewer than ``steps`` where a state stopped being finite.
    diverged : ndarray of bool, shape ``shape``
    trajectory : ndarray, shape ``(*shape, steps + 1, n)``, or None
        The orbits (``record=True``); NaN after a cell stopped.
    """

    map_name: str
    final: np.ndarray
    steps_done: np.ndarray
    diverged: np.ndarray
    trajectory: np.ndarray | None
    steps: int


def _as_float(name, value):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NQMValueError(f"`{name}` must be an array of real numbers") from None
    if not np.all(np.isfinite(arr)):
        raise NQMValueError(f"`{name}` must hold finite numbers (float64)")
    return arr


def iterate_many(cmap, x0, params=(), *, steps: int, record: bool = False) -> BatchOrbit:
    """Run ``cmap`` from every state of ``x0`` with every parameter set of ``params``.

    Parameters
    ----------
    x0 : array_like, shape (..., n)
    params : array_like of shape (..., k), or dict name -> array_like
        ``k = len(cmap.params)``; broadcast against ``x0``'s leading shape.
    steps : int
    record : bool
        Keep every orbit (memory: cells x (steps + 1) x n floats, at most
        :data:`MAX_RECORDED`).
    """
    steps = check_int("steps", steps, ge=1, le=10**9)
    n, k = cmap.n, len(cmap.params)
    X = _as_float("x0", x0)
    if X.ndim == 0 or X.shape[-1] != n:
        raise NQMValueError(f"`x0` must have a last axis of length {n} "
                            f"{[s.name for s in cmap.state]}, got shape {X.shape}")
    if isinstance(params, dict):
        vals = cmap.param_values(params)
        P = np.stack(np.broadcast_arrays(*[_as_float(f"params[{p.name!r}]", v)
                                           for p, v in zip(cmap.params, vals)]), axis=-1) \
            if k else np.zeros((0,))
    else:
        P = _as_float("params", params) if k else np.zeros((0,))
    if k and (P.ndim == 0 or P.shape[-1] != k):
        raise NQMValueError(f"`params` must have a last axis of length {k} "
                            f"{[p.name for p in cmap.params]}, got shape {P.shape}")
    try:
        shape = np.broadcast_shapes(X.shape[:-1], P.shape[:-1] if k else ())
    except ValueError:
        raise NQMValueError(f"`x0` (cells {X.shape[:-1]}) and `params` (cells "
                            f"{P.shape[:-1]}) cannot be broadcast together") from None
    cells = int(np.prod(shape, dtype=np.int64))
    if record and cells * (steps + 1) * n > MAX_RECORDED:
        raise NQMValueError(f"`record=True` would keep {cells * (steps + 1) * n:.3g} values "
                            f"(limit {MAX_RECORDED:.0e}); record fewer cells or steps")
    Xb = np.ascontiguousarray(np.broadcast_to(X, shape + (n,)).reshape(cells, n))
    Pb = np.ascontiguousarray(np.broadcast_to(P, shape + (k,)).reshape(cells, k)) if k \
        else np.zeros((cells, 0))
    final = np.empty((cells, n))
    done = np.empty(cells, dtype=np.int64)
    traj = np.full((cells, steps + 1, n) if record else (0, 1, n), np.nan)
    with np.errstate(all="ignore"):
        cmap.kernels()["batch"](Xb, Pb, steps, final, done, traj)
        div = (done < steps) | ~np.all(np.isfinite(final), axis=1)
    return BatchOrbit(cmap.name, final.reshape(shape + (n,)), done.reshape(shape),
                      div.reshape(shape), traj.reshape(shape + (steps + 1, n)) if record
                      else None, steps)
