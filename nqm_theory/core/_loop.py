"""Per-cell iteration loop of the one-example map: the source of truth for every precision.

This file is *not* imported for execution.  :mod:`nqm_theory.symbolic.compile` copies
its source text, below the generated ``step`` function, into one generated module; numba
compiles it (float64) and the same code object runs in pure Python on ``float``,
``mpmath.mpf`` and ``fractions.Fraction`` with ``step`` rebound to the Python version.
Only comparisons and + - * are used, so the arithmetic is that of the number type.

Outcome codes: 0 monotone, 1 catapult, 2 divergent, 3 undecided (see
:class:`nqm_theory.results.Regime`).

Convergence at step t means ``loss(t) < tol`` and the state is at or next to a *stable*
fixed point: ``u == 0`` exactly, or ``|1 - v| < 1`` (Theorem 2: at u* = 0 the Jacobian has
eigenvalues 1 and (1 - v*)^2).  A tiny loss next to an unstable point (v > 2) is not
convergence: the loss grows again.
"""


def run_cell(u, v, w, s, tol, overflow, steps, tu, tv, tw):  # pragma: no cover - compiled
    """Iterate ``step`` from (u, v, w); loss = u * s. Returns a 9-tuple (see module doc)."""
    loss0 = u * s
    peak = loss0
    peak_t = 0
    regime = 3
    t = 0
    record = tu.shape[0] > 0
    while True:
        loss = u * s
        if record:
            tu[t] = u
            tv[t] = v
            tw[t] = w
        if loss > peak:
            peak = loss
            peak_t = t
        if not (loss <= overflow) or not ((v - v) == 0) or not ((w - w) == 0):
            regime = 2
            break
        if loss < tol and (u == 0 or (v > 0 and v < 2)):
            regime = 1 if peak > loss0 else 0
            break
        if t >= steps:
            break
        u, v, w = step(u, v, w)  # noqa: F821 - generated map, see module doc
        t += 1
    return regime, t, peak, peak_t, u * s, u, v, w, loss0


def run_cells(u0, v0, w0, s, tol, overflow, steps,
              regime, nsteps, peak, peak_t, final_loss, fu, fv, fw):  # pragma: no cover
    """Run :func:`run_cell` on every cell (parallel over cells, independent results)."""
    empty = u0[:0]
    for i in prange(u0.shape[0]):  # noqa: F821 - provided by the generated module
        res = run_cell(u0[i], v0[i], w0[i], s[i], tol, overflow, steps, empty, empty, empty)
        regime[i] = res[0]
        nsteps[i] = res[1]
        peak[i] = res[2]
        peak_t[i] = res[3]
        final_loss[i] = res[4]
        fu[i] = res[5]
        fv[i] = res[6]
        fw[i] = res[7]
