"""Chunked, resumable execution of a phase-diagram grid on an executor (local or Dask).

A grid of N1 x N2 cells is cut, in C order, into contiguous chunks of ``chunk_cells``
cells.  Each chunk is computed by :func:`compute_chunk` (a pure function of the spec, the
map and the cell range: the numba grid loop of the map object, parallel over cells) on an
*executor*: :class:`LocalExecutor` (this process) or
:class:`nqm_theory.grid.distributed.DaskExecutor`; any object with the same ``run``
method works.  With a work directory every finished chunk is saved atomically (temporary
file, fsync, rename) as ``chunk_<lo>_<hi>.npz`` with the hash of the spec and of the map.
A rerun loads every chunk whose hash and range match and recomputes the others, including
any part that is unreadable (empty, truncated, not an npz, wrong shapes), so Ctrl-C, a
crash or a damaged file loses at most the chunks concerned.  Cells are independent, hence
the results do not depend on the chunk size, the thread count or the executor.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import numpy as np

from .._io import atomic_savez

__all__ = ["GridSpec", "LocalExecutor", "compute_chunk", "run_chunks", "chunk_ranges",
           "PART_FIELDS", "empty_fields"]

#: Arrays saved per chunk (raw kernel outputs; the rest is derived on assembly).
PART_FIELDS = ("regime_code", "steps", "peak_loss", "peak_step", "final_loss", "v_end")
_DTYPES = {"regime_code": np.int8, "steps": np.int32, "peak_step": np.int32}


def empty_fields(n: int) -> dict:
    """Uninitialised PART_FIELDS arrays for ``n`` cells."""
    return {k: np.empty(n, dtype=_DTYPES.get(k, np.float64)) for k in PART_FIELDS}


@dataclass(frozen=True)
class GridSpec:
    """Everything that determines the cell results (hashed for resuming).

    ``eta_lam0`` and ``width`` are tuples of floats (the axes); the rest are floats/ints.
    """

    eta_lam0: tuple
    width: tuple
    lam0: float
    g0: float
    y: float
    x2d: float
    steps: int
    loss_tol: float
    overflow: float

    @property
    def shape(self):
        return len(self.eta_lam0), len(self.width)

    @property
    def cells(self) -> int:
        return len(self.eta_lam0) * len(self.width)

    def digest(self, cmap) -> str:
        """SHA-256 of the spec (axes as float64 bytes), the map and the cell formula."""
        from ..models import grid_cell_key
        h = hashlib.sha256()
        d = asdict(self)
        for k in ("eta_lam0", "width"):
            h.update(np.asarray(d.pop(k), dtype=np.float64).tobytes())
        h.update(json.dumps({k: repr(v) for k, v in sorted(d.items())}).encode())
        h.update(cmap.digest.encode())
        h.update(grid_cell_key().encode())
        return h.hexdigest()


def chunk_ranges(cells: int, chunk_cells: int):
    """``[(lo, hi), ...]`` covering ``0..cells`` with chunks of ``chunk_cells`` cells."""
    return [(lo, min(lo + chunk_cells, cells)) for lo in range(0, cells, chunk_cells)]


def compute_chunk(spec: GridSpec, cmap, lo: int, hi: int) -> dict:
    """Run the compiled grid loop of ``cmap`` on flat cells ``lo..hi-1`` -> PART_FIELDS.

    Cells cost from 1 to ``steps`` iterations; the loop deals tiles of cells round-robin
    to the threads (:mod:`nqm_theory.maps.parallel`), so the load is balanced and the
    results do not depend on the thread count.
    """
    from ..models import grid_cell_kernel
    out = empty_fields(hi - lo)
    f64 = np.float64
    consts = np.array([spec.lam0, spec.g0, spec.y, spec.x2d], dtype=f64)
    with np.errstate(all="ignore"):  # overflow in a diverging cell is an outcome
        grid_cell_kernel(cmap)(np.asarray(spec.eta_lam0, dtype=f64),
                               np.asarray(spec.width, dtype=f64), consts, np.int64(lo),
                               f64(spec.loss_tol), f64(spec.overflow), np.int64(spec.steps),
                               out["regime_code"], out["steps"], out["peak_loss"],
                               out["peak_step"], out["final_loss"], out["v_end"])
    return out


class LocalExecutor:
    """Run chunks one after another in this process (numba threads inside each chunk)."""

    def run(self, compute, ranges, done) -> None:
        """Call ``done(lo, hi, compute(lo, hi))`` for every ``(lo, hi)`` in ``ranges``."""
        for lo, hi in ranges:
            done(lo, hi, compute(lo, hi))


def _part_path(workdir: Path, lo: int, hi: int) -> Path:
    return workdir / f"chunk_{lo:012d}_{hi:012d}.npz"


def _load_part(path: Path, digest: str, lo: int, hi: int):
    """The chunk's arrays if the file is readable, complete, of this range and setting."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["digest"]) != digest or z["cells"].tolist() != [lo, hi]:
                return None
            arrays = {k: z[k] for k in PART_FIELDS}
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # a damaged part is recomputed
    if any(a.shape != (hi - lo,) or a.dtype != _DTYPES.get(k, np.float64)
           for k, a in arrays.items()):
        return None
    return arrays


class _NoBar:
    """The progress bar of a run without one."""

    def update(self, n):
        pass

    def close(self):
        pass


def run_chunks(spec: GridSpec, cmap, raw: dict, *, chunk_cells: int, workdir=None,
               executor=None, progress: bool = False) -> None:
    """Compute (or load) every chunk into ``raw`` (PART_FIELDS arrays of ``spec.cells``).

    With ``workdir`` each finished chunk is saved (atomically) as soon as it is done.
    ``executor`` defaults to :class:`LocalExecutor`.
    """
    digest = spec.digest(cmap)
    executor = LocalExecutor() if executor is None else executor
    todo = []
    if progress:   # tqdm.auto only when asked: in a kernel without ipywidgets it warns
        from tqdm.auto import tqdm
        bar = tqdm(total=spec.cells, unit="cell", unit_scale=True, desc="phase diagram",
                   smoothing=0.1)
    else:
        bar = _NoBar()
    try:
        for lo, hi in chunk_ranges(spec.cells, chunk_cells):
            part = _load_part(_part_path(workdir, lo, hi), digest, lo, hi) if workdir \
                else None
            if part is None:
                todo.append((lo, hi))
            else:
                for k in PART_FIELDS:
                    raw[k][lo:hi] = part[k]
                bar.update(hi - lo)

        def done(lo, hi, arrays):
            for k in PART_FIELDS:
                raw[k][lo:hi] = arrays[k]
            if workdir is not None:
                atomic_savez(_part_path(workdir, lo, hi), digest=np.str_(digest),
                             cells=np.array([lo, hi], dtype=np.int64),
                             **{k: raw[k][lo:hi] for k in PART_FIELDS})
            bar.update(hi - lo)

        executor.run(partial(compute_chunk, spec, cmap), todo, done)
    finally:
        bar.close()
