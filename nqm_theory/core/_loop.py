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


#: Parallel loops split the cells into tiles of TILE contiguous cells and deal the tiles to
#: STRIDE_BLOCKS blocks round-robin (tile b, b + B, b + 2B, ...).  prange hands each thread
#: a contiguous range of blocks, so every thread gets a sample of all regions of a grid
#: (cost per cell varies from 1 to ``steps``) while writes stay cache-friendly.  Cells are
#: independent, so results do not depend on these constants or on the thread count.
STRIDE_BLOCKS = 256
TILE = 32


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
    n = u0.shape[0]
    ntiles = (n + TILE - 1) // TILE
    nb = min(ntiles, STRIDE_BLOCKS)
    for b in prange(nb):  # noqa: F821 - provided by the generated module
        for t in range(b, ntiles, nb):  # tiles b, b + nb, ...: a sample of every region
            for i in range(t * TILE, min(n, (t + 1) * TILE)):
                res = run_cell(u0[i], v0[i], w0[i], s[i], tol, overflow, steps, empty, empty,
                               empty)
                regime[i] = res[0]
                nsteps[i] = res[1]
                peak[i] = res[2]
                peak_t[i] = res[3]
                final_loss[i] = res[4]
                fu[i] = res[5]
                fv[i] = res[6]
                fw[i] = res[7]


def run_axes(eta_lam0, width, lam0, g0, y, x2d, lo, tol, overflow, steps,
             regime, nsteps, peak, peak_t, final_loss, fv):  # pragma: no cover - compiled
    """Cells ``lo .. lo + len(regime) - 1`` of the C-ordered eta_lam0 x width grid.

    Each cell's state is built in the loop by ``initial_state`` (the function of
    :mod:`nqm_theory.models`, copied into the generated module) from
    ``eta = eta_lam0[i] / lam0`` and ``width[j]``: the same operations as
    ``OneExample(...).initial_state()``, without materialising per-cell input arrays.
    """
    n2 = width.shape[0]
    empty = width[:0]
    n = regime.shape[0]
    ntiles = (n + TILE - 1) // TILE
    nb = min(ntiles, STRIDE_BLOCKS)
    for b in prange(nb):  # noqa: F821 - provided by the generated module
        for t in range(b, ntiles, nb):  # see run_cells
            for k in range(t * TILE, min(n, (t + 1) * TILE)):
                i = (lo + k) // n2
                j = (lo + k) - i * n2
                eta = eta_lam0[i] / lam0
                u0, v0, w0, s = initial_state(width[j], eta, lam0, g0, y, x2d)  # noqa: F821
                res = run_cell(u0, v0, w0, s, tol, overflow, steps, empty, empty, empty)
                regime[k] = res[0]
                nsteps[k] = res[1]
                peak[k] = res[2]
                peak_t[k] = res[3]
                final_loss[k] = res[4]
                fv[k] = res[6]
