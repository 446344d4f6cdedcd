"""Iterate a derived NQM map for one problem: ``iterate(problem, ...) -> MapRun``.

The map is an object (:class:`nqm_theory.maps.CompiledMap`), by default the derived
one-example (u, v, w) map of docs/theory.md §3 (:func:`nqm_theory.symbolic.maps.one_example_map`);
any map in "(u, v, ...)" form can be passed as ``map=`` (u = loss / s, v = eta*lambda).
Precisions:

* ``"float64"``: IEEE double; the grid core (numba) runs the same loop
  (:func:`nqm_theory.maps.loops.make_nqm_cell`) and agrees bit for bit;
* ``"mpN"``: mpmath with N significant decimal digits (16 <= N <= 100000);
* ``"exact"``: rationals (FLINT ``fmpq``; results as ``fractions.Fraction``).  The size
  of the iterates triples with every step of the one-example map; a run whose predicted
  size exceeds :data:`nqm_theory.maps.EXACT_MAX_BITS` is refused before it starts;
* ``"ballN"``: Arb balls with N digits: every number comes with a rigorous enclosure and
  the regime with a certificate (:mod:`nqm_theory.core.certified`).
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from .._validate import NQMValueError, check_int
from ..maps.numbers import fraction_of, parse_precision
from ..maps.orbit import EXACT_MAX_BITS, MAX_STEPS, predicted_bits
from ..models import OneExample, check_float64_state, initial_state
from ..results import EXACT_DEFAULT_STEPS, REGIME_CODES, MapRun, Tolerances, Trajectory

__all__ = ["iterate", "parse_precision", "default_map", "nqm_cell", "check_exact_size",
           "EXACT_DEFAULT_STEPS"]



def default_map():
    """The derived one-example (u, v, w) map (built once per process)."""
    from ..symbolic.maps import one_example_map
    return one_example_map()


@lru_cache(maxsize=64)
def nqm_cell(cmap, kind: str):
    """The Python NQM cell loop of ``cmap`` for ``kind`` in {"float64", "mp", "exact"}."""
    from ..maps.loops import make_nqm_cell
    return make_nqm_cell(cmap.step_function({"mp": "mp16"}.get(kind, kind)))


def check_exact_size(cmap, x0, steps: int) -> None:
    """Refuse (before computing) an exact run whose iterates would exceed EXACT_MAX_BITS."""
    need = predicted_bits(cmap, x0, (), steps)
    if need > EXACT_MAX_BITS:
        raise NQMValueError(
            f"`steps` = {steps} with precision 'exact' would need iterates of about "
            f"{need:.3g} bits (limit 2^24 = {EXACT_MAX_BITS}, see nqm_theory.maps."
            "EXACT_MAX_BITS): use fewer steps, inputs with fewer digits, or 'mpN'/'ballN'")


def iterate(problem: OneExample, *, steps: int = 10_000, precision: str = "float64",
            tolerances: Tolerances = Tolerances(), record: bool = True,
            map=None) -> MapRun:
    """Run GD on the one-example NQM through an exact reduced map (docs/theory.md §3).

    Parameters
    ----------
    problem : OneExample
        Width m, eta, lam0, g0, y and ``|x|^2/d`` (the paper's symbols).
    steps : int, default 10000
        Step budget, at most 10^9 (``exact``: limited by the predicted size instead).
    precision : str, default "float64"
        ``"float64"``, ``"mpN"``, ``"exact"`` or ``"ballN"``.
    tolerances : Tolerances
        Convergence (loss < 1e-24) and divergence (loss > 1e100) thresholds.
    record : bool, default True
        Keep the per-step :class:`~nqm_theory.results.Trajectory`.
    map : CompiledMap, optional
        The map to run (default: the derived one-example map).

    Returns
    -------
    MapRun

    Examples
    --------
    >>> run = iterate(OneExample(width=1e4, eta=2.5, lam0=1.0, g0=0.5, y=0.0))
    >>> run.regime.value, run.peak_loss > 100 * run.initial_loss
    ('catapult', True)
    """
    prec = parse_precision(precision)
    steps = check_int("steps", steps, ge=1, le=MAX_STEPS)
    if not isinstance(problem, OneExample):
        raise NQMValueError(f"`problem` must be a OneExample, got {type(problem).__name__}")
    cmap = default_map() if map is None else map
    if prec.kind == "ball":
        from .certified import iterate_ball
        return iterate_ball(problem, cmap, steps=steps, precision=prec,
                            tolerances=tolerances, record=record)
    if prec.kind == "mp":
        import mpmath
        with mpmath.workdps(prec.digits):
            p = problem.convert(_mpf)
            return _run(p, nqm_cell(cmap, "mp"), steps, prec.name, tolerances, record,
                        p.initial_state(), object, num=_mpf)
    if prec.kind == "exact":
        from flint import fmpq
        p = problem.convert(Fraction)
        state = p.initial_state()
        check_exact_size(cmap, state[:3], steps)
        q = tuple(fmpq(z.numerator, z.denominator) for z in state)
        run = _run(p, nqm_cell(cmap, "exact"), steps, "exact", tolerances, record, q, object,
                   num=lambda z: fmpq(Fraction(z).numerator, Fraction(z).denominator),
                   eta=fmpq(p.eta.numerator, p.eta.denominator))
        return _fractions(run)
    f64 = {k: np.float64(_float(v)) for k, v in vars(problem).items()}
    with np.errstate(all="ignore"):  # inf/0 here are reported, not raised
        check_float64_state(f64, initial_state(**f64))
    p = problem.convert(float)
    return _run(p, nqm_cell(cmap, "float64"), steps, "float64", tolerances, record,
                p.initial_state(), float)


def _float(x) -> float:
    """float(x), with overflow mapped to +-inf (reported by check_float64_state)."""
    try:
        return float(x)
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def _mpf(x):
    import mpmath
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _run(p, run_cell, steps, precision, tol, record, state, dtype, num=None,
         eta=None) -> MapRun:
    u0, v0, w0, s = state
    num = num or float
    x = (u0, v0, w0)
    traj = np.empty((steps + 1 if record else 0, 3), dtype=dtype)
    res = run_cell(x, (), s, num(tol.loss_tol), num(tol.overflow), steps, traj)
    code, t, peak, peak_t, final_loss, xf, loss0 = res
    eta = p.eta if eta is None else eta
    trajectory = None
    if record:
        k = t + 1
        tu, tv, tw = (traj[:k, i].copy() for i in range(3))
        trajectory = Trajectory(loss=tu * s, kernel=tv / eta, u=tu, v=tv, w=tw)
    return MapRun(regime=REGIME_CODES[code], steps=t, peak_loss=peak, peak_step=peak_t,
                  initial_loss=loss0, final_loss=final_loss, final_kernel=xf[1] / eta,
                  precision=precision, eta_crit=2 / p.lam0, eta_max=4 / p.lam0,
                  trajectory=trajectory, eta_lam_final=xf[1])


def _fractions(run: MapRun) -> MapRun:
    """An exact run's fmpq numbers as ``fractions.Fraction`` (no re-normalisation)."""
    from dataclasses import replace
    conv = np.vectorize(fraction_of, otypes=[object])
    fields = {k: fraction_of(getattr(run, k)) for k in
              ("peak_loss", "initial_loss", "final_loss", "final_kernel", "eta_lam_final")}
    tr = run.trajectory
    if tr is not None:
        tr = Trajectory(*(conv(a) if len(a) else a for a in
                          (tr.loss, tr.kernel, tr.u, tr.v, tr.w)))
    return replace(run, trajectory=tr, **fields)
