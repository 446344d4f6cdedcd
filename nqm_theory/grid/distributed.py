"""Run phase-diagram chunks on a Dask distributed cluster (optional dependency).

Install with ``pip install nqm_theory[distributed]``.  :class:`DaskExecutor` has the
``run`` method of :class:`nqm_theory.grid.chunks.LocalExecutor`; each task is the same
pure chunk function (with the spec and the map object, which pickles), so the results
are identical whatever the cluster.
"""
from __future__ import annotations

from .._validate import NQMValueError

__all__ = ["DaskExecutor"]


class DaskExecutor:
    """Submit chunks to a Dask cluster.

    Parameters
    ----------
    scheduler : str or distributed.Client
        A scheduler address such as ``tcp://host:8786`` (a client is opened for the run and
        closed after it) or an existing client.
    """

    def __init__(self, scheduler):
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the environment
            raise NQMValueError("`scheduler` needs dask.distributed: "
                                "pip install 'nqm_theory[distributed]'") from None
        if not isinstance(scheduler, (str, Client)) or (isinstance(scheduler, str)
                                                        and not scheduler.strip()):
            raise NQMValueError(f"`scheduler` must be an address like tcp://host:8786 or a "
                                f"distributed.Client, got {scheduler!r}")
        self.scheduler = scheduler
        self._client, self._own = (scheduler, False) if isinstance(scheduler, Client) \
            else (None, True)

    def connect(self):
        """Open the client now (an unreachable scheduler fails here, before any work)."""
        if self._client is None:
            from distributed import Client
            try:
                self._client = Client(self.scheduler, timeout="3s")
            except Exception as exc:  # noqa: BLE001 - distributed raises many kinds
                raise NQMValueError(f"`scheduler` {self.scheduler!r} is not reachable or "
                                    f"not a valid address: {type(exc).__name__}: {exc}") \
                    from None
        return self._client

    def close(self):
        """Close a client this executor opened."""
        if self._own and self._client is not None:
            self._client.close()
            self._client = None

    def run(self, compute, ranges, done) -> None:
        """Submit ``compute(lo, hi)`` per range; ``done(lo, hi, arrays)`` as each finishes."""
        from distributed import as_completed
        if not ranges:
            return
        client = self.connect()
        try:
            futures = {client.submit(compute, lo, hi, pure=False): (lo, hi)
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
            self.close()
