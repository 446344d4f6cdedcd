"""Iterate the derived one-example map: ``iterate(problem, ...) -> MapRun``.

Precisions: ``"float64"`` (IEEE double), ``"mpN"`` (mpmath with N significant decimal
digits, N >= 16) and ``"exact"`` (``fractions.Fraction``; short runs only, since the
size of the numbers triples with every step).  All three run the same generated loop
(:mod:`nqm_theory.core._loop`); grid sweeps use its numba-compiled version, which is
bit-identical to the float64 path here.
"""
from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

from .._validate import NQMValueError, check_int
from ..models import OneExample, check_float64_state, initial_state
from ..results import REGIME_CODES, MapRun, Tolerances, Trajectory

__all__ = ["iterate", "parse_precision", "EXACT_MAX_STEPS"]

#: Largest step budget accepted with ``precision="exact"`` (digits grow like 3**steps).
EXACT_MAX_STEPS = 10


def parse_precision(precision: str):
    """Return ``(kind, digits)`` for ``"float64"``, ``"mpN"`` or ``"exact"``.

    Examples
    --------
    >>> parse_precision("mp50")
    ('mpmath', 50)
    """
    if precision == "float64":
        return "float", 17
    if precision == "exact":
        return "exact", None
    mt = re.fullmatch(r"mp(\d+)", str(precision))
    if mt and 16 <= int(mt.group(1)) <= 100000:
        return "mpmath", int(mt.group(1))
    raise NQMValueError(f"`precision` must be 'float64', 'exact' or 'mpN' with "
                        f"16 <= N <= 100000, got {precision!r}")


def iterate(problem: OneExample, *, steps: int = 10_000, precision: str = "float64",
            tolerances: Tolerances = Tolerances(), record: bool = True) -> MapRun:
    """Run GD on the one-example NQM through the exact (u, v, w) map of PAPER.md §3.

    Parameters
    ----------
    problem : OneExample
        Width m, eta, lam0, g0, y and |x|^2/d.
    steps : int, default 10000
        Step budget (``<= EXACT_MAX_STEPS`` for ``precision="exact"``).
    precision : str, default "float64"
        ``"float64"``, ``"mpN"`` or ``"exact"``.
    tolerances : Tolerances
        Convergence (loss < 1e-24) and divergence (loss > 1e100) thresholds.
    record : bool, default True
        Keep the per-step :class:`~nqm_theory.results.Trajectory`.

    Returns
    -------
    MapRun

    Examples
    --------
    >>> run = iterate(OneExample(width=1e4, eta=2.5, lam0=1.0, g0=0.5, y=0.0))
    >>> run.regime.value, run.peak_loss > 100 * run.initial_loss
    ('catapult', True)
    """
    kind, digits = parse_precision(precision)
    steps = check_int("steps", steps, ge=1,
                      le=EXACT_MAX_STEPS if kind == "exact" else None)
    from ..symbolic.compile import python_loop
    _, run_cell = python_loop(kind)
    if kind == "mpmath":
        import mpmath
        with mpmath.workdps(digits):
            return _run(problem.convert(_mpf), run_cell, steps, precision, tolerances,
                        record, _mpf)
    num = Fraction if kind == "exact" else float
    if kind == "float":
        f64 = {k: np.float64(_float(v)) for k, v in vars(problem).items()}
        with np.errstate(all="ignore"):  # inf/0 here are reported, not raised
            check_float64_state(f64, initial_state(**f64))
    converted = problem.convert(num)
    return _run(converted, run_cell, steps, precision, tolerances, record, num)


def _float(x) -> float:
    """float(x), with overflow mapped to +-inf (reported by check_float64_state)."""
    try:
        return float(x)
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def _mpf(x):
    import mpmath
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _run(p: OneExample, run_cell, steps, precision, tol, record, num) -> MapRun:
    u0, v0, w0, s = p.initial_state()
    n = steps + 1 if record else 0
    dtype = float if num is float else object
    tu, tv, tw = (np.empty(n, dtype=dtype) for _ in range(3))
    res = run_cell(u0, v0, w0, s, num(tol.loss_tol), num(tol.overflow), steps, tu, tv, tw)
    code, t, peak, peak_t, final_loss, _, v_end, _, loss0 = res
    traj = None
    if record:
        k = t + 1
        u_t, v_t, w_t = tu[:k].copy(), tv[:k].copy(), tw[:k].copy()
        traj = Trajectory(loss=u_t * s, kernel=v_t / p.eta, u=u_t, v=v_t, w=w_t)
    return MapRun(regime=REGIME_CODES[code], steps=t, peak_loss=peak, peak_step=peak_t,
                  initial_loss=loss0, final_loss=final_loss, final_kernel=v_end / p.eta,
                  precision=precision, eta_crit=2 / p.lam0, eta_max=4 / p.lam0,
                  trajectory=traj)
