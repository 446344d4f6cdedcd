"""Chunked, resumable execution of a phase-diagram grid (local cores or Dask).

A grid of N1 x N2 cells is cut, in C order, into contiguous chunks of ``chunk_cells``
cells.  Each chunk is computed by :func:`compute_chunk` (a pure function of the spec
and its cell range: the numba core of :func:`nqm_theory.symbolic.compile.numba_kernels`,
parallel over cells) and, when a work directory is given, saved atomically (temporary
file + ``os.replace``) as ``chunk_<lo>_<hi>.npz`` with the spec's hash.  A rerun loads
every chunk whose hash and range match and computes only the others, so Ctrl-C or a
crash loses at most the chunks in flight.  Cells are independent, hence the results do
not depend on the chunk size, the thread count or the scheduler.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .._io import atomic_savez

__all__ = ["GridSpec", "compute_chunk", "run_chunks", "chunk_ranges", 
           "PART_FIELDS", "empty_fields"]

#: Arrays saved per chunk (raw kernel outputs; the rest is derived on assembly).
PART_FIELDS = ("regime_code", "steps", "peak_loss", "peak_step", "final_loss", "v_end")
_DTYPES = {"regime_code": np.int8, "steps": np.int64, "peak_step": np.int64}


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

    def digest(self) -> str:
        """SHA-256 of the spec (axes as float64 bytes) and of the compiled kernel's key."""
        from ..symbolic.compile import _key
        h = hashlib.sha256()
        d = asdict(self)
        for k in ("eta_lam0", "width"):
            h.update(np.asarray(d.pop(k), dtype=np.float64).tobytes())
        h.update(json.dumps({k: repr(v) for k, v in sorted(d.items())}).encode())
        h.update(_key().encode())
        return h.hexdigest()


def chunk_ranges(cells: int, chunk_cells: int):
    """``[(lo, hi), ...]`` covering ``0..cells`` with chunks of ``chunk_cells`` cells."""
    return [(lo, min(lo + chunk_cells, cells)) for lo in range(0, cells, chunk_cells)]


def compute_chunk(spec: GridSpec, lo: int, hi: int, out: dict | None = None) -> dict:
    """Run the compiled one-example loop on flat cells ``lo..hi-1``.

    Returns the PART_FIELDS arrays (written into ``out``, a dict of length ``hi - lo``
    arrays, when given).  Cells cost from 1 to ``steps`` iterations; the compiled loop
    deals tiles of cells round-robin to the threads (see :mod:`nqm_theory.core._loop`), so
    the load is balanced and the results do not depend on the thread count.
    """
    from ..symbolic.compile import numba_kernels
    n = hi - lo
    out = empty_fields(n) if out is None else out
    f64 = np.float64
    numba_kernels().run_axes(np.asarray(spec.eta_lam0, dtype=f64),
                             np.asarray(spec.width, dtype=f64), f64(spec.lam0),
                             f64(spec.g0), f64(spec.y), f64(spec.x2d), np.int64(lo),
                             f64(spec.loss_tol), f64(spec.overflow), np.int64(spec.steps),
                             out["regime_code"], out["steps"], out["peak_loss"],
                             out["peak_step"], out["final_loss"], out["v_end"])
    return out


def _store(raw, lo, hi, arrays):
    for k in PART_FIELDS:
        raw[k][lo:hi] = arrays[k]


def _part_path(workdir: Path, lo: int, hi: int) -> Path:
    return workdir / f"chunk_{lo:012d}_{hi:012d}.npz"


def _load_part(path: Path, digest: str):
    """The chunk's arrays if the file exists and was made from the same spec, else None."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["digest"]) != digest:
                return None
            return {k: z[k] for k in PART_FIELDS}
    except (OSError, KeyError, ValueError):
        return None  # a damaged part is recomputed


def run_chunks(spec: GridSpec, raw: dict, *, chunk_cells: int, workdir=None,
               scheduler=None, progress: bool = False) -> None:
    """Compute (or load) every chunk into ``raw`` (PART_FIELDS arrays of ``spec.cells``).

    With ``workdir`` each finished chunk is saved (atomically) as soon as it is done;
    with ``scheduler`` (a Dask scheduler address or a ``distributed.Client``) chunks run
    on that cluster, otherwise on the local cores, written straight into ``raw``.
    """
    from tqdm.auto import tqdm
    digest = spec.digest()
    todo = []
    bar = tqdm(total=spec.cells, unit="cell", unit_scale=True, disable=not progress,
               desc="phase diagram", smoothing=0.1)
    try:
        for lo, hi in chunk_ranges(spec.cells, chunk_cells):
            part = _load_part(_part_path(workdir, lo, hi), digest) if workdir else None
            if part is None:
                todo.append((lo, hi))
            else:
                _store(raw, lo, hi, part)
                bar.update(hi - lo)

        def done(lo, hi, arrays):
            if arrays is not None:
                _store(raw, lo, hi, arrays)
            if workdir is not None:
                atomic_savez(_part_path(workdir, lo, hi), digest=np.str_(digest),
                                **{k: raw[k][lo:hi] for k in PART_FIELDS})
            bar.update(hi - lo)

        if scheduler is None:
            for lo, hi in todo:
                compute_chunk(spec, lo, hi, out={k: raw[k][lo:hi] for k in PART_FIELDS})
                done(lo, hi, None)
        else:
            from .distributed import run_on_dask
            run_on_dask(scheduler, spec, todo, done)
    finally:
        bar.close()
