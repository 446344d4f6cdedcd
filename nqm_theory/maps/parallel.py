"""Parallel (numba ``prange``) batch loops around a compiled step or NQM cell loop.

Built by :mod:`nqm_theory.maps.jit` from the numba-compiled ``step`` and the cell loop
of :func:`nqm_theory.maps.loops.make_nqm_cell`; numba is imported here, never on the pure
Python paths.
"""
from __future__ import annotations

from numba import prange
from numba.np.unsafe.ndarray import to_fixed_tuple

__all__ = ["make_batch", "make_nqm_cells", "make_nqm_axes", "TILE", "STRIDE_BLOCKS"]

#: Parallel loops cut the cells into tiles of TILE contiguous cells and deal the tiles to
#: STRIDE_BLOCKS blocks round-robin (tile b, b + B, b + 2B, ...); prange hands each thread
#: a contiguous range of blocks, so every thread gets a sample of all regions of a grid
#: (the cost per cell varies from 1 to ``steps``).  Cells are independent: results do not
#: depend on these constants or on the thread count.
STRIDE_BLOCKS = 256
TILE = 32


def make_batch(step, n: int):
    """``batch(X0, P, steps, final, nsteps, traj)``: independent orbits of many cells.

    ``X0`` (N, n) and ``P`` (N, k) hold each cell's state and parameters; ``final`` (N, n)
    receives the last state, ``nsteps`` (N,) the steps done (< steps: stopped at a
    non-finite state), ``traj`` (N, steps + 1, n) the orbits, or has length 0.
    """
    def batch(X0, P, steps, final, nsteps, traj):
        N = X0.shape[0]
        record = traj.shape[0] > 0
        ntiles = (N + TILE - 1) // TILE
        nb = min(ntiles, STRIDE_BLOCKS)
        for b in prange(nb):
            for tile in range(b, ntiles, nb):
                for i in range(tile * TILE, min(N, (tile + 1) * TILE)):
                    x = to_fixed_tuple(X0[i], n)
                    p = P[i]
                    done = steps
                    if record:
                        for k in range(n):
                            traj[i, 0, k] = x[k]
                    for t in range(steps):
                        x = step(x, p)
                        bad = False
                        for k in range(n):
                            if record:
                                traj[i, t + 1, k] = x[k]
                            if not (x[k] - x[k] == 0):
                                bad = True
                        if bad:
                            done = t + 1
                            break
                    for k in range(n):
                        final[i, k] = x[k]
                    nsteps[i] = done
    return batch


def make_nqm_cells(run_cell, n: int):
    """``run_cells(X0, P, S, tol, overflow, steps, regime, nsteps, peak, peak_t,
    final_loss, final)``: :func:`make_nqm_cell` on every cell, in parallel."""
    def run_cells(X0, P, S, tol, overflow, steps, regime, nsteps, peak, peak_t,
                  final_loss, final):
        N = X0.shape[0]
        empty = final[:0]
        ntiles = (N + TILE - 1) // TILE
        nb = min(ntiles, STRIDE_BLOCKS)
        for b in prange(nb):
            for tile in range(b, ntiles, nb):
                for i in range(tile * TILE, min(N, (tile + 1) * TILE)):
                    res = run_cell(to_fixed_tuple(X0[i], n), P[i], S[i], tol, overflow,
                                   steps, empty)
                    regime[i] = res[0]
                    nsteps[i] = res[1]
                    peak[i] = res[2]
                    peak_t[i] = res[3]
                    final_loss[i] = res[4]
                    for k in range(n):
                        final[i, k] = res[5][k]
    return run_cells


def make_nqm_axes(run_cell, init):
    """``run_axes(a0, a1, consts, lo, tol, overflow, steps, regime, nsteps, peak, peak_t,
    final_loss, fv)``: cells ``lo .. lo + len(regime) - 1`` of the C-ordered a0 x a1 grid.

    ``init(a0[i], a1[j], consts) -> (x, p, s)`` builds each cell's state in the loop (no
    per-cell input arrays); ``fv`` receives the final ``v = x[1]``.
    """
    def run_axes(a0, a1, consts, lo, tol, overflow, steps, regime, nsteps, peak, peak_t,
                 final_loss, fv):
        n2 = a1.shape[0]
        empty = a1[:0].reshape((0, 1))
        n = regime.shape[0]
        ntiles = (n + TILE - 1) // TILE
        nb = min(ntiles, STRIDE_BLOCKS)
        for b in prange(nb):
            for tile in range(b, ntiles, nb):
                for k in range(tile * TILE, min(n, (tile + 1) * TILE)):
                    i = (lo + k) // n2
                    j = (lo + k) - i * n2
                    x, p, s = init(a0[i], a1[j], consts)
                    res = run_cell(x, p, s, tol, overflow, steps, empty)
                    regime[k] = res[0]
                    nsteps[k] = res[1]
                    peak[k] = res[2]
                    peak_t[k] = res[3]
                    final_loss[k] = res[4]
                    fv[k] = res[5][1]
    return run_axes
