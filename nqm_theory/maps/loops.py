"""The engine's loops, written once and parametrised by the map's ``step`` (factories).

Each factory takes a ``step(x, p) -> x`` (a tuple of state values in and out, ``p`` an
indexable of parameters) and returns a plain Python function.  The same function runs in
pure Python on ``float``, ``mpmath.mpf`` or ``fmpq`` numbers, and, given the numba-compiled
step, is compiled by numba (:mod:`nqm_theory.maps.jit`) for float64 batches: one source
of truth, no text splicing.  Only comparisons and + - * / are used, so the arithmetic is
that of the number type.

The parallel batch loops around them are in :mod:`nqm_theory.maps.parallel`.

* :func:`make_orbit`: any map; iterate for a fixed number of steps and stop when a state
  stops being finite;
* :func:`make_nqm_cell`: a GD map in
  "(u, v, ...)" form (docs/theory.md §3), where ``x[0] = u`` is the loss divided by a per-run
  scale ``s`` and ``x[1] = v = eta*lambda``.  They classify the run (regime codes of
  :data:`nqm_theory.results.REGIME_CODES`: 0 monotone, 1 catapult, 2 divergent,
  3 undecided).  Convergence at step t: ``loss(t) < tol`` at or next to a *stable* fixed
  point, ``u == 0`` exactly or ``0 < v < 2`` (Theorem 2: at u* = 0 the Jacobian has
  eigenvalues 1, 1 - v*, (1 - v*)^2); divergence: ``loss > overflow`` or a non-finite state.
"""
from __future__ import annotations

__all__ = ["make_orbit", "make_nqm_cell"]



def make_orbit(step, n: int):
    """``orbit(x, p, steps, out) -> steps_done``: ``out[t]`` = state after t steps.

    Stops early (returning the number of steps done) when a state is not finite.
    """
    def orbit(x, p, steps, out):
        for k in range(n):
            out[0, k] = x[k]
        for t in range(steps):
            x = step(x, p)
            bad = False
            for k in range(n):
                out[t + 1, k] = x[k]
                if not (x[k] - x[k] == 0):
                    bad = True
            if bad:
                return t + 1
        return steps
    return orbit


def make_nqm_cell(step):
    """``run_cell(x, p, s, tol, overflow, steps, traj)`` for a map in (u, v, ...) form.

    Returns ``(regime, t, peak, peak_t, loss, x, loss0)``: regime code, steps done, the
    first maximum of the loss and its step, the final loss and state, the initial loss.
    ``traj`` is (steps + 1, n) to record the states, or has length 0.
    """
    def run_cell(x, p, s, tol, overflow, steps, traj):
        n = len(x)
        loss0 = x[0] * s
        peak = loss0
        peak_t = 0
        regime = 3
        t = 0
        record = traj.shape[0] > 0
        while True:
            u = x[0]
            v = x[1]
            loss = u * s
            if record:
                for k in range(n):
                    traj[t, k] = x[k]
            if loss > peak:
                peak = loss
                peak_t = t
            finite = True
            for k in range(1, n):
                if not (x[k] - x[k] == 0):
                    finite = False
            if not (loss <= overflow) or not finite:
                regime = 2
                break
            if loss < tol and (u == 0 or (v > 0 and v < 2)):
                regime = 1 if peak > loss0 else 0
                break
            if t >= steps:
                break
            x = step(x, p)
            t += 1
        return regime, t, peak, peak_t, loss, x, loss0
    return run_cell
