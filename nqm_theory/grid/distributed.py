"""Run phase-diagram chunks on a Dask distributed cluster (optional dependency).

Install with ``pip install nqm_theory[distributed]``.  Each task is
:func:`nqm_theory.grid.chunks.compute_chunk` (the same pure function as the local path),
so the results are identical whatever the cluster.
"""
from __future__ import annotations

from .._validate import NQMValueError

__all__ = ["run_on_dask"]


def _client(scheduler):
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - depends on the environment
        raise NQMValueError("`scheduler` needs dask.distributed: "
                            "pip install 'nqm_theory[distributed]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False, as_completed
    if not isinstance(scheduler, str) or not scheduler:
        raise NQMValueError(f"`scheduler` must be an address like tcp://host:8786, "
                            f"got {scheduler!r}")
    try:
        return Client(scheduler, timeout="10s"), True, as_completed
    except OSError as exc:
        raise NQMValueError(f"`scheduler` {scheduler!r} is not reachable: {exc}") from None


def run_on_dask(scheduler, spec, ranges, done) -> None:
    """Submit one task per ``(lo, hi)`` in ``ranges``; call ``done(lo, hi, arrays)`` as they finish.

    Parameters
    ----------
    scheduler : str or distributed.Client
        Scheduler address (a client is opened and closed here) or an existing client.
    spec : GridSpec
    ranges : list of (int, int)
    done : callable
        Called in the submitting process (which saves the chunk) for each result.
    """
    from .chunks import compute_chunk
    client, own, as_completed = _client(scheduler)
    try:
        futures = {client.submit(compute_chunk, spec, lo, hi, pure=False): (lo, hi)
                   for lo, hi in ranges}
        try:
            for fut in as_completed(list(futures)):
                lo, hi = futures[fut]
                done(lo, hi, fut.result())
                fut.release()
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        if own:
            client.close()
