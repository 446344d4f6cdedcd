"""Iterate the one-example map over arrays of parameters: ``iterate_many(...) -> BatchRun``.

All of ``width, eta, lam0, g0, y, x2d`` may be arrays; they are broadcast together and
every cell runs independently with its own early exit.  float64 uses the numba-compiled
loop of the map object (``map=``, default the derived one-example map; parallel over
cells; results bit-identical to :func:`nqm_theory.iterate`, whatever the thread count);
``"mpN"``, ``"exact"`` and ``"ballN"`` run :func:`nqm_theory.iterate` per cell and
return object arrays.  Parameters use the paper's symbols (docs/theory.md §3).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._validate import NQMValueError, check_int
from ..models import OneExample, check_float64_state, initial_state
from ..results import REGIME_CODES, Tolerances
from .iterate import default_map, iterate, parse_precision

__all__ = ["BatchRun", "iterate_many"]

_LIMITS = {"width": 0, "eta": 0, "lam0": 0, "x2d": 0}


@dataclass(frozen=True)
class BatchRun:
    """Per-cell results, every array of the broadcast shape.

    Attributes
    ----------
    regime : ndarray of str
        ``monotone`` / ``catapult`` / ``divergent`` / ``undecided``.
    steps, peak_step : ndarray of int64
    peak_loss, initial_loss, final_loss, final_kernel : ndarray
        float64, or object (mpf / Fraction) for the other precisions; ``final_kernel`` is
        lambda at the last step.
    precision : str
    eta_lam_final : ndarray
        eta*lambda at the last step (= v, dimensionless), beside ``final_kernel``.
    """

    regime: np.ndarray
    steps: np.ndarray
    peak_loss: np.ndarray
    peak_step: np.ndarray
    initial_loss: np.ndarray
    final_loss: np.ndarray
    final_kernel: np.ndarray
    precision: str
    eta_lam_final: np.ndarray = None


def _checked(name, value):
    if isinstance(value, (bool, np.bool_)) or (hasattr(value, "dtype") and value.dtype == bool):
        raise NQMValueError(f"`{name}` must contain finite real numbers, got a boolean")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NQMValueError(f"`{name}` must contain finite real numbers, got {value!r}") \
            from None
    bad = ~np.isfinite(arr) | ((arr <= 0) if name in _LIMITS else False)
    if np.any(bad):
        rng = "finite numbers > 0" if name in _LIMITS else "finite numbers"
        raise NQMValueError(f"`{name}` must contain {rng}, got {arr[bad].flat[0]!r}")
    return arr


def iterate_many(width, eta, lam0, g0, y, x2d=1.0, *, steps: int = 10_000,
                 precision: str = "float64", tolerances: Tolerances = Tolerances(),
                 map=None) -> BatchRun:
    """Run the exact one-example map for every cell of the broadcast parameter arrays.

    Examples
    --------
    >>> r = iterate_many(1e4, [1.0, 3.0, 4.5], 1.0, 0.7, 0.3)
    >>> r.regime.tolist()
    ['monotone', 'catapult', 'divergent']
    """
    kind = parse_precision(precision).kind
    steps = check_int("steps", steps, ge=1, le=10**9)
    cmap = default_map() if map is None else map
    names = ("width", "eta", "lam0", "g0", "y", "x2d")
    checked = [_checked(n, v) for n, v in zip(names, (width, eta, lam0, g0, y, x2d))]
    try:
        arrays = np.broadcast_arrays(*checked)
    except ValueError:
        shapes = ", ".join(f"`{n}` {a.shape}" for n, a in zip(names, checked))
        raise NQMValueError(f"the parameter arrays cannot be broadcast together: {shapes}") \
            from None
    shape = arrays[0].shape
    if kind != "float64":
        return _per_cell(names, [np.asarray(a) for a in arrays], shape, steps, precision,
                         tolerances, cmap)
    flat = [np.ascontiguousarray(a).ravel() for a in arrays]
    with np.errstate(all="ignore"):
        u0, v0, w0, s = initial_state(*flat)
    check_float64_state(dict(zip(names, flat)), (u0, v0, w0, s))
    n = u0.size
    out = [np.empty(n, dtype=t) for t in (np.int64, np.int64, float, np.int64, float)]
    final = np.empty((n, 3))
    X0 = np.ascontiguousarray(np.stack([u0, v0, w0], axis=1))
    with np.errstate(all="ignore"):  # overflow inside a diverging cell is an outcome
        cmap.kernels()["run_cells"](X0, np.zeros((n, 0)), s, float(tolerances.loss_tol),
                                    float(tolerances.overflow), steps, *out, final)
    code, nsteps, peak, peak_t, final_loss = out
    fv = final[:, 1]
    names_arr = np.array([r.value for r in REGIME_CODES])
    return BatchRun(regime=names_arr[code].reshape(shape), steps=nsteps.reshape(shape),
                    peak_loss=peak.reshape(shape), peak_step=peak_t.reshape(shape),
                    initial_loss=(u0 * s).reshape(shape), final_loss=final_loss.reshape(shape),
                    final_kernel=(fv / flat[1]).reshape(shape), precision=precision,
                    eta_lam_final=fv.reshape(shape))


def _per_cell(names, arrays, shape, steps, precision, tol, cmap) -> BatchRun:
    fields = {k: np.empty(shape, dtype=object) for k in
              ("regime", "steps", "peak_loss", "peak_step", "initial_loss", "final_loss",
               "final_kernel", "eta_lam_final")}
    for idx in np.ndindex(shape):
        vals = {n: Fraction(float(a[idx])) for n, a in zip(names, arrays)}
        run = iterate(OneExample(**vals), steps=steps, precision=precision, tolerances=tol,
                      record=False, map=cmap)
        for k in fields:
            fields[k][idx] = run.regime.value if k == "regime" else getattr(run, k)
    fields["regime"] = fields["regime"].astype(str)
    fields["steps"] = fields["steps"].astype(np.int64)
    fields["peak_step"] = fields["peak_step"].astype(np.int64)
    return BatchRun(precision=precision, **fields)
