"""Chunking: independence of chunk size / threads / scheduler, atomic parts and resume."""
import numba
import numpy as np
import pytest

from nqm_theory.grid import chunks as chunks_mod
from nqm_theory.grid import load_phase_diagram, phase_diagram
from nqm_theory.grid.states import linear_axis, log_axis

EL, WD, STEPS = linear_axis(0.1, 4.6, 31), log_axis(1e2, 1e8, 17), 900
FIELDS = ("regime", "steps", "peak_step", "peak_loss", "final_loss", "final_kernel",
          "eta_lam_final", "kernel_drop", "peak_loss_over_m")


@pytest.fixture(scope="module")
def reference():
    return phase_diagram(EL, WD, steps=STEPS, chunk_cells=1 << 20, threads=1)


def assert_same(a, b):
    for k in FIELDS:
        x, y = getattr(a, k), getattr(b, k)
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), k


@pytest.mark.parametrize("chunk_cells,threads", [(5, 2), (7, 1), (50, 2), (527, None)])
def test_independent_of_chunks_and_threads(reference, chunk_cells, threads):
    threads = None if threads is None else min(threads, numba.config.NUMBA_NUM_THREADS)
    assert_same(phase_diagram(EL, WD, steps=STEPS, chunk_cells=chunk_cells, threads=threads),
                reference)


class CountingExecutor(chunks_mod.LocalExecutor):
    """Runs chunks locally, records their starts, and can raise Ctrl-C in the n-th chunk."""

    def __init__(self, interrupt_at=None):
        self.calls, self.interrupt_at = [], interrupt_at

    def run(self, compute, ranges, done):
        def counted(lo, hi):
            self.calls.append(lo)
            if len(self.calls) == self.interrupt_at:
                raise KeyboardInterrupt  # as Ctrl-C in the middle of this chunk
            return compute(lo, hi)
        super().run(counted, ranges, done)


def test_interrupt_keeps_chunks_and_rerun_resumes(tmp_path, reference):
    out = tmp_path / "grid.npz"
    with pytest.raises(KeyboardInterrupt):
        phase_diagram(EL, WD, steps=STEPS, out=out, chunk_cells=100,
                      executor=CountingExecutor(interrupt_at=4))
    parts = sorted((tmp_path / "grid.npz.parts").glob("chunk_*.npz"))
    assert len(parts) == 3 and not out.exists()
    assert not list((tmp_path / "grid.npz.parts").glob("*.tmp"))
    again = CountingExecutor()
    pd = phase_diagram(EL, WD, steps=STEPS, out=out, chunk_cells=100, executor=again)
    assert len(again.calls) == len(range(0, EL.size * WD.size, 100)) - 3 and 0 not in again.calls
    assert_same(pd, reference)
    assert_same(load_phase_diagram(out), reference)
    assert not (tmp_path / "grid.npz.parts").exists()


@pytest.mark.parametrize("damage", [b"", b"not an npz", "truncate", "foreign"])
def test_damaged_part_is_recomputed(tmp_path, reference, damage):
    out = tmp_path / "d.npz"
    phase_diagram(EL, WD, steps=STEPS, out=out, chunk_cells=100, keep_parts=True)
    parts = sorted((tmp_path / "d.npz.parts").glob("chunk_*.npz"))
    first, second = parts[0], parts[1]
    if damage == "truncate":
        first.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    elif damage == "foreign":   # a readable part of another range, renamed
        first.write_bytes(second.read_bytes())
    else:
        first.write_bytes(damage)
    again = CountingExecutor()
    pd = phase_diagram(EL, WD, steps=STEPS, out=out, chunk_cells=100, executor=again)
    assert again.calls == [0]
    assert_same(pd, reference)


def test_parts_of_another_setting_are_not_reused(tmp_path):
    out = tmp_path / "g.npz"
    phase_diagram(EL, WD, steps=STEPS, out=out, chunk_cells=100, keep_parts=True)
    other = phase_diagram(EL, WD, steps=STEPS, g0=0.2, out=out, chunk_cells=100)
    assert_same(other, phase_diagram(EL, WD, steps=STEPS, g0=0.2))


def test_dask_local_cluster_gives_identical_results(reference):
    import distributed  # in the [test] extra: a missing install fails, it is not skipped
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert_same(phase_diagram(EL, WD, steps=STEPS, chunk_cells=113, scheduler=client),
                    reference)


def test_unreachable_scheduler_is_a_clean_error():
    from nqm_theory import NQMValueError
    with pytest.raises(NQMValueError, match="`scheduler`"):
        phase_diagram(EL[:2], WD[:2], steps=10, scheduler=123)


def test_resume_key_is_the_same_in_another_process(tmp_path):
    """Parts written by one process must be recognised by the next: the settings digest
    may not depend on anything per-process (memory addresses in code reprs, say)."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    code = ("from nqm_theory.grid.phase import _spec; from nqm_theory.results import Tolerances;"
            "from nqm_theory.symbolic.maps import one_example_map;"
            "print(_spec([1.0, 2.0], [10.0], 0.7, 0.3, 1.0, 1.0, 50, Tolerances())"
            ".digest(one_example_map()))")
    env = dict(os.environ, PYTHONPATH=str(root))
    keys = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout.strip() for _ in range(2)}
    from nqm_theory.grid.phase import _spec
    from nqm_theory.results import Tolerances
    from nqm_theory.symbolic.maps import one_example_map
    keys.add(_spec([1.0, 2.0], [10.0], 0.7, 0.3, 1.0, 1.0, 50, Tolerances()).digest(
        one_example_map()))
    assert len(keys) == 1
