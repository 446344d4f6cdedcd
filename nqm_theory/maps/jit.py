"""numba compilation of a map's step and of the loops built around it (float64).

The step is compiled from the verified generated module (:mod:`nqm_theory.maps.cache`);
the loops are the factories of :mod:`nqm_theory.maps.loops` closed over it.  Everything
is compiled with ``cache=True`` (numba's on-disk cache) and ``error_model="numpy"`` (a
division by zero gives inf/nan, which the loops report as a non-finite state, exactly as
the Python float path does), never with fastmath, so results are bit-identical to the
Python float path.

numba keys the cache of a closure on a pickle of its closed-over values; a dispatcher
pickles with a random per-process identifier, which would defeat the cache, so each
dispatcher here is given a deterministic identifier derived from the digest of the
generated text (or of the Python code of a helper), see :func:`_stable`.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

__all__ = ["jit_step", "jit_kernels", "jit_axes", "jit_function"]


def _stable(dispatcher, key: str):
    """Give ``dispatcher`` a deterministic pickling identity (enables numba's cache)."""
    try:
        dispatcher._set_uuid(f"nqm-theory-{key}")
    except (AttributeError, AssertionError):  # pragma: no cover - other numba versions
        pass  # caching of the closures is lost; results are unaffected
    return dispatcher


def _njit(fn, key: str, parallel: bool = False):
    from numba import njit
    return _stable(njit(cache=True, error_model="numpy", parallel=parallel)(fn), key)


def code_digest(code) -> str:
    """SHA-256 of a code object's bytecode, names and constants, recursing into nested code.

    ``repr`` of a nested code object holds its memory address, which changes from one
    process to the next; this digest does not, so it can key caches and resume files.
    """
    h = hashlib.sha256()
    h.update(code.co_code)
    h.update(repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
    for c in code.co_consts:
        h.update(code_digest(c).encode() if hasattr(c, "co_code") else repr(c).encode())
    return h.hexdigest()


def jit_function(fn):
    """numba version of a plain helper function (e.g. an initial-state formula)."""
    key = code_digest(fn.__code__) + fn.__qualname__
    return _jit_function(fn, hashlib.sha256(key.encode()).hexdigest()[:24])


@lru_cache(maxsize=None)
def _jit_function(fn, key):
    return _njit(fn, f"fn-{key}")


@lru_cache(maxsize=None)
def jit_step(text: str, digest: str):
    """``(step, jacobian)`` of the generated module ``text``, compiled by numba."""
    import math

    from .cache import load_module
    from .numbers import _float_q
    q = _njit(_float_q, "q")
    mod = load_module(text, "numba", {"_Q": q, "_F": math})
    step = _njit(mod.step, f"step-{digest}")
    jac = _njit(mod.jacobian, f"jac-{digest}")
    mod.step, mod.jacobian = step, jac
    return step, jac


@lru_cache(maxsize=None)
def jit_kernels(text: str, digest: str, n: int):
    """The compiled loops of :mod:`nqm_theory.maps.loops` for one map (a dict)."""
    from .loops import make_nqm_cell, make_orbit
    from .parallel import make_batch, make_nqm_cells
    step, _ = jit_step(text, digest)
    run_cell = _njit(make_nqm_cell(step), f"cell-{digest}")
    return {
        "orbit": _njit(make_orbit(step, n), f"orbit-{digest}"),
        "batch": _njit(make_batch(step, n), f"batch-{digest}", parallel=True),
        "run_cell": run_cell,
        "run_cells": _njit(make_nqm_cells(run_cell, n), f"cells-{digest}", parallel=True),
    }


@lru_cache(maxsize=None)
def jit_axes(text: str, digest: str, n: int, cell_factory, state_fn):
    """The grid loop of :func:`nqm_theory.maps.parallel.make_nqm_axes` for one map.

    ``cell_factory(state_fn_compiled)`` builds the per-cell initialisation
    ``cell(a0_i, a1_j, consts) -> (x, p, s)`` from the numba version of ``state_fn``.
    """
    from .parallel import make_nqm_axes
    run_cell = jit_kernels(text, digest, n)["run_cell"]
    state_j = jit_function(state_fn)
    skey = state_j._uuid.rsplit("-", 1)[-1]
    ckey = code_digest(cell_factory.__code__)[:16]
    cell = _njit(cell_factory(state_j), f"cellinit-{ckey}-{skey}")
    return _njit(make_nqm_axes(run_cell, cell), f"axes-{digest}-{ckey}-{skey}",
                 parallel=True)
