"""Grid axes and the vectorised initial state of the one-example map (docs/theory.md §3).

:func:`initial_states` is the array version of
:meth:`nqm_theory.models.OneExample.initial_state` (the scalar reference): the same
float64 operations in the same order, so every cell starts bit-for-bit where
``iterate(OneExample(width, eta, lam0, g0, y, x2d), precision="float64")`` starts, with
``eta = eta_lam0 / lam0`` (one IEEE division).
"""
from __future__ import annotations

import numpy as np

from ..models import initial_state

from .._validate import NQMValueError, check_int, check_real

__all__ = ["initial_states", "linear_axis", "log_axis", "cell_inputs"]


def linear_axis(start, stop, n) -> np.ndarray:
    """``np.linspace(start, stop, n)`` in float64 after validation (eta*lam0 axis, > 0).

    Examples
    --------
    >>> linear_axis(0.5, 4.5, 3)
    array([0.5, 2.5, 4.5])
    """
    start = float(check_real("eta_lam0 start", start, gt=0))
    stop = float(check_real("eta_lam0 stop", stop, gt=0))
    n = check_int("eta_lam0 count", n, ge=1)
    if n > 1 and not start < stop:
        raise NQMValueError(f"`eta_lam0` needs start < stop, got {start} and {stop}")
    return np.linspace(start, stop, n)


def log_axis(start, stop, n) -> np.ndarray:
    """``np.geomspace(start, stop, n)``: log-spaced widths with exact end points.

    Examples
    --------
    >>> log_axis(1e2, 1e4, 3)
    array([  100.,  1000., 10000.])
    """
    start = float(check_real("width start", start, gt=0))
    stop = float(check_real("width stop", stop, gt=0))
    n = check_int("width count", n, ge=1)
    if n > 1 and not start < stop:
        raise NQMValueError(f"`width` needs start < stop, got {start} and {stop}")
    return np.geomspace(start, stop, n) if n > 1 else np.array([start])


def cell_inputs(eta_lam0: np.ndarray, width: np.ndarray, lo: int, hi: int, lam0: float):
    """``(eta, m)`` of the flat (C-order) cells ``lo..hi-1`` of the eta_lam0 x width grid.

    ``eta = eta_lam0 / lam0`` elementwise in float64.
    """
    n2 = width.shape[0]
    r0, r1 = lo // n2, (hi - 1) // n2 + 1  # rows touched by the chunk
    skip = lo - r0 * n2
    eta = np.repeat(eta_lam0[r0:r1] / np.float64(lam0), n2)[skip:skip + hi - lo]
    m = np.tile(width, r1 - r0)[skip:skip + hi - lo]
    return eta, m


def initial_states(eta, width, lam0, g0, y, x2d=1.0):
    """``(u0, v0, w0, s)`` arrays for GD on the one-example NQM (docs/theory.md §3).

    ``c = x2d / m``, ``r0 = g0 - y``, ``u0 = c eta^2 r0^2``, ``v0 = eta lam0``,
    ``w0 = c eta^2 r0 y`` and ``s = 1/(2 c eta^2)`` (loss = u s), evaluated exactly as
    :meth:`~nqm_theory.models.OneExample.initial_state` does (same operation order).

    Parameters
    ----------
    eta, width : array_like of float64
        Learning rates and widths (broadcast together).
    lam0, g0, y, x2d : float
        Initial kernel, initial output, label and ``|x|^2/d``.

    Examples
    --------
    >>> u0, v0, w0, s = initial_states(np.array([2.5]), np.array([1e4]), 1.0, 0.5, 0.0)
    >>> float(v0[0]), float(u0[0] * s[0])
    (2.5, 0.125)
    """
    eta = np.asarray(eta, dtype=np.float64)
    width = np.asarray(width, dtype=np.float64)
    lam0, g0, y, x2d = (np.float64(v) for v in (lam0, g0, y, x2d))
    with np.errstate(divide="ignore", over="ignore"):
        return initial_state(width, eta, lam0, g0, y, x2d)
