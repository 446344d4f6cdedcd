"""Issue-size sweeps (``pytest -m exhaustive``): the issue's grid vs simulate, 1e7 cells."""
import json
import subprocess
import sys

import numpy as np
import pytest

from nqm_theory import iterate
from nqm_theory.cli import main
from nqm_theory.grid import load_phase_diagram

pytestmark = pytest.mark.exhaustive


def test_issue_grid_matches_simulate_cell_by_cell(tmp_path, capsys):
    out = tmp_path / "issue.npz"
    assert main(["phase", "--eta-lam0", "0.05", "4.55", "2048", "--width", "1e2", "1e10",
                 "2048", "--steps", "4000", "--out", str(out), "--no-progress"]) == 0
    pd = load_phase_diagram(out)
    assert int(pd.steps.sum()) == 671111870  # the issue's ~6.7e8 useful cell-steps
    rng = np.random.default_rng(7)
    for i, j in zip(rng.integers(0, 2048, 400), rng.integers(0, 2048, 400)):
        run = iterate(pd.cell(i, j), steps=4000, record=False)
        assert (pd.regime[i, j], pd.steps[i, j], pd.peak_step[i, j]) == \
            (run.regime.value, run.steps, run.peak_step)
        for k in ("peak_loss", "final_loss", "final_kernel"):
            a, b = getattr(pd, k)[i, j], getattr(run, k)
            assert a == b or (np.isnan(a) and np.isnan(b))
    capsys.readouterr()
    for i, j in ((1000, 1000), (2000, 10), (300, 2047)):  # the one-cell CLI, via repr
        c = pd.cell(i, j)
        assert main(["simulate", "--width", repr(c.width), "--eta", repr(c.eta), "--lam0", "1",
                     "--g0", "0.7", "--y", "0.3", "--steps", "4000", "--json"]) == 0
        one = json.loads(capsys.readouterr().out)
        assert one["regime"] == pd.regime[i, j] and one["steps"] == pd.steps[i, j]
        assert one["final_kernel"] == float(pd.final_kernel[i, j]) or \
            pd.regime[i, j] == "divergent"


def test_1e7_cells_in_bounded_memory(tmp_path):
    code = ("import resource, sys; from nqm_theory.cli import main; "
            "rc = main(['phase', '--eta-lam0', '0.05', '4.55', '4000', '--width', '1e2', "
            f"'1e10', '2500', '--steps', '50', '--out', r'{tmp_path / 'big.npz'}', "
            "'--no-progress']); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
            "sys.exit(rc)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(p.stdout.split()[-1]) < 2.5e6  # KB: about 160 bytes per cell at peak
    with np.load(tmp_path / "big.npz") as z:
        assert z["regime"].shape == (4000, 2500) and z["regime"].dtype == np.dtype("<U9")
