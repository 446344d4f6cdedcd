"""``orbit(cmap, x0, params, steps=T, precision=P) -> Orbit`` in any of the four precisions.

* ``float64``: Python floats, or the numba loop for long orbits (bit for bit the same);
* ``mpN``: mpmath with N digits; ``exact``: FLINT rationals (``fmpq``); both in Python;
* ``ballN``: Arb balls with N digits; ``lower`` and ``upper`` enclose the exact orbit.

An orbit that leaves the domain is an outcome, not an exception: a non-finite float or
mpmath state (overflow) is ``DIVERGED``, a division by zero (a pole of a rational map) is
``UNDEFINED``, and a ball that is no longer finite is ``ENCLOSURE_LOST``; the rows after
the stop are NaN (float64) or None (other precisions) and ``steps`` says how many steps
were done.  Exact runs are refused *before* computing when the predicted size of the last
iterate exceeds :data:`EXACT_MAX_BITS` (see :func:`predicted_bits`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .._validate import NQMValueError, check_int
from .numbers import ball_bounds, parse_precision, to_fraction

__all__ = ["Orbit", "OrbitOutcome", "orbit", "predicted_bits", "EXACT_MAX_BITS", "MAX_STEPS"]

#: Largest predicted size (bits of numerator plus denominator) of an exact iterate: 2^24
#: bits, about 5 million digits.  Twelve steps of the one-example map from one-digit
#: inputs reach 1.2e7 bits in about 3 s; a thirteenth would take 8 s more
#: (``benchmarks/bench_numbers.py``).
EXACT_MAX_BITS = 1 << 24

#: Largest step count of one orbit (bounded work for any request).
MAX_STEPS = 10**9

#: Below this many steps a float64 orbit runs in Python; above, in the numba loop.
_NUMBA_FROM = 2000


class OrbitOutcome(str, Enum):
    """How an orbit ended."""

    COMPLETED = "completed"
    DIVERGED = "diverged"
    UNDEFINED = "undefined"
    ENCLOSURE_LOST = "enclosure-lost"

    @property
    def message(self) -> str:
        return {"completed": "all requested steps were done; every state is finite",
                "diverged": "a state stopped being finite (overflow)",
                "undefined": "the map divides by zero at a reached state (a pole)",
                "enclosure-lost": "a ball stopped being finite (a pole inside the ball, or "
                                  "growth beyond the working precision); raise N"}[self.value]

    @property
    def success(self) -> bool:
        return self is OrbitOutcome.COMPLETED


@dataclass(frozen=True, eq=False)
class Orbit:
    """Result of :func:`orbit`.

    Attributes
    ----------
    map_name, precision : str
    states : ndarray, shape (steps_requested + 1, n)
        ``states[t]`` is the state after t steps: float64, ``mpmath.mpf``,
        ``fractions.Fraction`` (exact; computed with FLINT's fmpq) or, for ``ballN``,
        the ball midpoints (``Decimal`` with N + 3 digits).
    lower, upper : ndarray of Decimal or None
        ``ballN`` only: rigorous bounds, ``lower[t, i] <= exact x_i(t) <= upper[t, i]``
        (``Decimal``, rounded outward; ``mpmath.mpf(str(e))`` and ``float(e)`` convert).
    steps : int
        Steps done (fewer than requested when the orbit stopped, see ``outcome``).
    outcome : OrbitOutcome
    params : tuple
        The parameter values used, in the precision's numbers.
    """

    map_name: str
    precision: str
    states: np.ndarray
    steps: int
    outcome: OrbitOutcome
    params: tuple = ()
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None

    @property
    def success(self) -> bool:
        return self.outcome.success

    @property
    def message(self) -> str:
        return f"{self.outcome.message} (after {self.steps} step(s))"


def predicted_bits(cmap, x0, params, steps: int) -> int:
    """Predicted size (bits of numerator + denominator) of the exact iterate after ``steps``.

    The first steps (at most :data:`_PROBE_STEPS`, while the iterates stay under
    :data:`_PROBE_BITS` bits) are computed exactly, which costs milliseconds, and the
    size of the largest component is extrapolated from there: by the factor ``D``
    (the total degree in the state) per step for a nonlinear map, linearly for an affine
    one.  The one-example map grows by exactly 3x per step, so the prediction is
    accurate to a few percent.  Used to refuse runs before they start.
    """
    from flint import fmpq
    q = [to_fraction(f"x0[{i}]", v) for i, v in enumerate(x0)]
    x = tuple(fmpq(z.numerator, z.denominator) for z in q)
    p = tuple(fmpq(z.numerator, z.denominator) for z in
              (to_fraction(f"params[{j}]", v) for j, v in enumerate(params)))
    step = cmap.step_function("exact")

    def size(state):
        return max(int(z.p).bit_length() + int(z.q).bit_length() for z in state)

    sizes, t = [size(x)], 0
    while t < min(steps, _PROBE_STEPS) and sizes[-1] < _PROBE_BITS:
        try:
            x = step(x, p)
        except ZeroDivisionError:   # a pole: the orbit stops there
            return sizes[-1]
        sizes.append(size(x))
        t += 1
    left = steps - t
    if left <= 0:
        return sizes[-1]
    if cmap.degree > 1:
        grow = math.log2(cmap.degree) * left + math.log2(max(sizes[-1], 1))
        return int(2 ** min(grow, 64))
    slope = max(sizes[-1] - sizes[-2], 1) if len(sizes) > 1 else cmap.coeff_bits + 8
    return sizes[-1] + slope * left


#: Exact steps computed to predict the size of later iterates (see :func:`predicted_bits`).
_PROBE_STEPS = 6
_PROBE_BITS = 1 << 16


def _checked_x0(cmap, x0) -> tuple:
    if isinstance(x0, (str, bytes)) or not hasattr(x0, "__len__"):
        raise NQMValueError(f"`x0` must be a sequence of {cmap.n} number(s), got {x0!r}")
    x0 = tuple(np.asarray(x0, dtype=object).ravel()) if hasattr(x0, "shape") else tuple(x0)
    if len(x0) != cmap.n:
        raise NQMValueError(f"`x0` must have {cmap.n} value(s) "
                            f"{[s.name for s in cmap.state]}, got {len(x0)}")
    return x0


def orbit(cmap, x0, params=(), *, steps: int, precision: str = "float64") -> Orbit:
    """Iterate ``cmap`` from ``x0`` for ``steps`` steps in ``precision``.

    Parameters
    ----------
    cmap : CompiledMap
    x0 : sequence of numbers
        Initial state, ``len(x0) == cmap.n`` (int, float, Fraction, mpf, fmpq, Decimal).
    params : sequence or dict
        Parameter values in ``cmap.params`` order, or by symbol / name.
    steps : int
        Number of steps, ``1 <= steps <= MAX_STEPS``.
    precision : str
        ``"float64"``, ``"mpN"``, ``"exact"`` or ``"ballN"`` (N decimal digits).

    Returns
    -------
    Orbit
        ``states`` has shape (steps + 1, n).
    """
    prec = parse_precision(precision)
    steps = check_int("steps", steps, ge=1, le=MAX_STEPS)
    x0 = _checked_x0(cmap, x0)
    pv = cmap.param_values(params)
    if prec.kind == "exact":
        step = cmap.step_function("exact")  # refuses irrational maps first
        need = predicted_bits(cmap, x0, pv, steps)
        if need > EXACT_MAX_BITS:
            raise NQMValueError(
                f"`steps` = {steps} in precision 'exact' would need iterates of about "
                f"{need:.3g} bits (limit EXACT_MAX_BITS = 2^24): use fewer steps, inputs "
                "with fewer digits, or 'mpN' / 'ballN'")
    with prec.context():
        x = tuple(prec.convert(f"x0[{i}]", v) for i, v in enumerate(x0))
        p = tuple(prec.convert(f"params[{j}]", v) for j, v in enumerate(pv))
        if prec.kind == "float64":
            return _float_orbit(cmap, x, p, steps)
        if prec.kind == "ball":
            return _ball_orbit(cmap, x, p, steps, prec)
        import mpmath
        finite = (lambda z: True) if prec.kind == "exact" else mpmath.isfinite
        states, done, outcome = _python_orbit(cmap.step_function(prec.name), x, p, steps,
                                              finite)
        if prec.kind == "exact":
            from .numbers import fraction_of
            states = np.vectorize(lambda e: None if e is None else fraction_of(e),
                                  otypes=[object])(states)
            p = tuple(fraction_of(v) for v in p)
        return Orbit(cmap.name, prec.name, states, done, outcome, p)


def _python_orbit(step, x, p, steps, finite):
    n = len(x)
    states = np.full((steps + 1, n), None, dtype=object)
    states[0] = x
    for t in range(steps):
        try:
            x = step(x, p)
        except ZeroDivisionError:
            return states, t, OrbitOutcome.UNDEFINED
        states[t + 1] = x
        if not all(finite(v) for v in x):
            return states, t + 1, OrbitOutcome.DIVERGED
    return states, steps, OrbitOutcome.COMPLETED


def _float_orbit(cmap, x, p, steps) -> Orbit:
    """float64: Python floats for short orbits, the numba loop for long ones (same bits).

    A division by zero gives a non-finite state in both (IEEE semantics, numba's
    ``error_model="numpy"``), reported as DIVERGED.
    """
    n = cmap.n
    out = np.full((steps + 1, n), np.nan)
    if steps >= _NUMBA_FROM:
        with np.errstate(all="ignore"):
            done = int(cmap.kernels()["orbit"](x, np.asarray(p, dtype=float), steps, out))
    else:
        step = cmap.step_function("float64")
        out[0] = x
        done = steps
        for t in range(steps):
            try:
                x = step(x, p)
            except (ZeroDivisionError, OverflowError):
                done = t + 1
                break
            out[t + 1] = x
            if not all(math.isfinite(v) for v in x):
                done = t + 1
                break
    bad = done < steps or not np.all(np.isfinite(out[done]))
    if bad:
        out[done + 1:] = np.nan
    return Orbit(cmap.name, "float64", out, done,
                 OrbitOutcome.DIVERGED if bad else OrbitOutcome.COMPLETED, p)


def _ball_orbit(cmap, x, p, steps, prec) -> Orbit:
    from .numbers import ball_mid
    step = cmap.step_function(prec.name)
    n = cmap.n
    mids = np.full((steps + 1, n), None, dtype=object)
    lo = np.full((steps + 1, n), None, dtype=object)
    hi = np.full((steps + 1, n), None, dtype=object)
    outcome, done = OrbitOutcome.COMPLETED, steps
    for t in range(steps + 1):
        if t:
            x = step(x, p)
        if not all(v.is_finite() for v in x):
            outcome, done = OrbitOutcome.ENCLOSURE_LOST, t - 1
            break
        for i, v in enumerate(x):
            mids[t, i] = ball_mid(v, prec.digits)
            lo[t, i], hi[t, i] = ball_bounds(v, prec.digits)
    return Orbit(cmap.name, prec.name, mids, max(done, 0), outcome, p, lo, hi)
