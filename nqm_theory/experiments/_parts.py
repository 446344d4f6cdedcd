"""Resumable independent runs: each finished run is a JSON part file with its settings' hash.

The idea of :mod:`nqm_theory.grid.chunks`, for runs whose results are small dicts: a task
is ``(key, settings)``; ``fn(settings)`` returns a JSON-ready dict, saved as
``workdir/<key>.json`` = ``{"digest": sha256(settings, version), "result": ...}`` through
the atomic writer of :mod:`nqm_theory._io` (temporary file, fsync, ``os.replace``) as
soon as it is done.  A rerun loads every part whose digest matches and computes only the
others; a truncated, empty, unreadable or foreign part is recomputed, never an error.
Ctrl-C keeps the finished parts.  Non-finite floats are stored as ``null`` and come back
as NaN.  With ``workers > 1`` runs go to separate processes, each limited to one BLAS
thread (small matrix products lose to thread contention on two cores).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

from .._io import atomic_write_json

__all__ = ["digest", "run_parts", "to_json", "from_json"]


def digest(settings: dict, version: str) -> str:
    """SHA-256 of the settings (sorted JSON) and a code ``version`` tag."""
    text = json.dumps({"settings": settings, "version": version}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def to_json(obj):
    """``obj`` with numpy values as Python ones and non-finite floats as None."""
    import numpy as np
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, np.ndarray)):
        return [to_json(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj) if math.isfinite(obj) else None
    return obj


def from_json(obj):
    """Inverse of :func:`to_json` for lists of numbers: None inside a list -> NaN."""
    if isinstance(obj, dict):
        return {k: from_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [math.nan if v is None else from_json(v) for v in obj]
    return obj


def _load(path: Path, want: str):
    try:
        data = json.loads(path.read_text())
        if data.get("digest") != want or not isinstance(data.get("result"), dict):
            return None
        return from_json(data["result"])
    except (OSError, ValueError, AttributeError):
        return None


def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:       # without threadpoolctl the BLAS keeps its own setting
        return None
    return threadpool_limits(1)


def run_parts(tasks, fn, *, version: str, workdir=None, workers: int = 1,
              progress: bool = False, desc: str = "runs") -> list:
    """Results of ``fn(settings)`` for every ``(key, settings)`` in ``tasks``, in order."""
    from tqdm.auto import tqdm
    workdir = None if workdir is None else Path(workdir)
    results, todo = [None] * len(tasks), []
    for i, (key, settings) in enumerate(tasks):
        part = None if workdir is None else _load(workdir / f"{key}.json",
                                                  digest(settings, version))
        results[i] = part
        if part is None:
            todo.append(i)
    bar = tqdm(total=len(tasks), initial=len(tasks) - len(todo), unit="run", desc=desc,
               disable=not progress, smoothing=0.05)

    def done(i, res):
        key, settings = tasks[i]
        res = to_json(res)
        if workdir is not None:
            atomic_write_json(workdir / f"{key}.json",
                              {"digest": digest(settings, version), "result": res})
        results[i] = from_json(res)
        bar.update(1)

    try:
        if workers <= 1 or len(todo) <= 1:
            limit = _one_blas_thread()
            try:
                for i in todo:
                    done(i, fn(tasks[i][1]))
            finally:
                if limit is not None:
                    limit.restore_original_limits()
        else:
            _run_pool(tasks, todo, fn, workers, done)
    finally:
        bar.close()
    return results


_LIMIT = []


def _init_worker():
    """Worker start-up: one BLAS thread for the life of the process."""
    limit = _one_blas_thread()
    if limit is not None:
        _LIMIT.append(limit)


def _run_pool(tasks, todo, fn, workers, done):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    keys = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update({k: "1" for k in keys})   # workers are spawned lazily, inherit this
    ex = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker)
    try:
        futures = {ex.submit(fn, tasks[i][1]): i for i in todo}
        for fut in as_completed(futures):
            done(futures[fut], fut.result())
    except BaseException:             # Ctrl-C: stop the workers now (their runs are lost)
        for proc in list(getattr(ex, "_processes", {}).values()):
            proc.terminate()
        raise
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
