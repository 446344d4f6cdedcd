"""phase_diagram: exact agreement with iterate, regimes vs the theory, CLI contract."""
import json

import numpy as np
import pytest

from nqm_theory import NQMValueError, Tolerances, iterate
from nqm_theory.cli import main
from nqm_theory.grid import load_phase_diagram, phase_diagram
from nqm_theory.grid.states import linear_axis, log_axis

FIELDS = ("regime", "steps", "peak_step", "peak_loss", "peak_loss_over_m", "final_loss",
          "final_kernel", "eta_lam_final", "kernel_drop")


def same(a, b):
    return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


@pytest.mark.parametrize("lam0,g0,y,x2d", [(1.0, 0.7, 0.3, 1.0), (0.75, -0.4, 1.1, 2.5)])
def test_cells_equal_iterate_exactly(lam0, g0, y, x2d):
    el, wd = linear_axis(0.05, 4.55, 37), log_axis(1e2, 1e9, 23)
    steps = 700
    pd = phase_diagram(el, wd, lam0=lam0, g0=g0, y=y, x2d=x2d, steps=steps)
    assert set(pd.counts()) == {"monotone", "catapult", "divergent", "undecided"}
    assert min(pd.counts().values()) > 0  # all four outcomes are exercised
    rng = np.random.default_rng(1)
    cells = [(int(i), int(j)) for i, j in zip(rng.integers(0, 37, 60), rng.integers(0, 23, 60))]
    for i, j in cells:
        run = iterate(pd.cell(i, j), steps=steps, record=False)
        assert pd.cell(i, j).eta == el[i] / lam0 and pd.cell(i, j).width == wd[j]
        assert pd.regime[i, j] == run.regime.value
        assert pd.steps[i, j] == run.steps and pd.peak_step[i, j] == run.peak_step
        for k in ("peak_loss", "final_loss", "final_kernel"):
            a, b = getattr(pd, k)[i, j], getattr(run, k)
            assert a == b or (np.isnan(a) and np.isnan(b)), (k, i, j, a, b)
        with np.errstate(all="ignore"):
            assert same(np.float64(pd.eta_lam_final[i, j] / (el[i] / lam0)), pd.final_kernel[i, j])


def test_regimes_follow_the_theory_at_large_width():
    """docs/theory.md §4: monotone below 2/lam0, catapult in (2, 4)/lam0, divergent above 4/lam0."""
    el = np.array([0.5, 1.5, 1.95, 2.05, 3.0, 3.9, 4.1, 5.0])
    pd = phase_diagram(el, [1e8, 1e10], steps=20000)
    assert pd.regime[:3].tolist() == [["monotone"] * 2] * 3
    assert pd.regime[3:6].tolist() == [["catapult"] * 2] * 3
    assert pd.regime[6:].tolist() == [["divergent"] * 2] * 2
    cat = pd.regime == "catapult"
    assert np.all(pd.eta_lam_final[cat] < 2) and np.all(pd.kernel_drop[cat] > 0)
    assert np.all(pd.peak_loss_over_m[cat] == pd.peak_loss[cat] / np.array([1e8, 1e10])[
        np.nonzero(cat)[1]])


def test_cli_contract(tmp_path):
    out = tmp_path / "pd.npz"
    rc = main(["phase", "--eta-lam0", "0.5", "4.5", "9", "--width", "1e2", "1e6", "5",
               "--steps", "3000", "--out", str(out), "--no-progress", "--lam0", "2"])
    assert rc == 0 and out.exists() and not (tmp_path / "pd.npz.parts").exists()
    stored = {"regime": np.int8, "steps": np.int32, "peak_step": np.int32,
              "peak_loss": np.float64, "final_loss": np.float64, "eta_lam_final": np.float64}
    with np.load(out, allow_pickle=False) as z:
        assert z["eta_lam0"].tolist() == np.linspace(0.5, 4.5, 9).tolist()
        assert z["width"].tolist() == np.geomspace(1e2, 1e6, 5).tolist()
        for k, dtype in stored.items():   # only what cannot be derived, narrowest dtypes
            assert z[k].shape == (9, 5) and z[k].dtype == dtype, k
        legend = json.loads(str(z["regime_legend"]))
        assert set(legend.values()) == {"monotone", "catapult", "divergent", "undecided"}
        assert set(np.unique(z["regime"]).tolist()) <= {int(k) for k in legend}
        assert float(z["g0"]) == 0.7 and float(z["y"]) == 0.3 and float(z["lam0"]) == 2.0
        assert int(z["max_steps"]) == 3000 and float(z["loss_tol"]) == 1e-24
        units = json.loads(str(z["units"]))
        assert "neurons" in units["width"] and "v_end / eta" in units["final_kernel"]
        per_cell = sum(z[k].nbytes for k in stored) / 45
    assert per_cell <= 50
    pd = load_phase_diagram(out)
    ref = phase_diagram(np.linspace(0.5, 4.5, 9), np.geomspace(1e2, 1e6, 5), lam0=2,
                        steps=3000)
    for k in FIELDS:
        assert same(getattr(pd, k), getattr(ref, k)), k
    run = iterate(pd.cell(7, 2), steps=3000, record=False)  # eta*lam0 = 4, lam0 = 2
    assert pd.cell(7, 2).eta == 2.0 and pd.regime[7, 2] == run.regime.value


def test_reads_files_of_the_first_format(tmp_path):
    """Format 1 (before the compact format) stored regime strings and every derived array."""
    ref = phase_diagram(np.linspace(0.5, 4.5, 6), np.geomspace(1e2, 1e6, 4), steps=2000)
    old = {k: getattr(ref, k) for k in FIELDS}
    old["regime"] = ref.regime.astype("<U9")
    old["steps"], old["peak_step"] = ref.steps.astype(np.int64), ref.peak_step.astype(np.int64)
    meta = {k: np.asarray(getattr(ref, k)) for k in ("lam0", "g0", "y", "x2d", "max_steps",
                                                       "loss_tol", "overflow", "version")}
    np.savez(tmp_path / "old.npz", eta_lam0=ref.eta_lam0, width=ref.width, **old, **meta)
    back = load_phase_diagram(tmp_path / "old.npz")
    for k in FIELDS:
        assert same(np.asarray(getattr(back, k)), np.asarray(getattr(ref, k))), k


def test_bad_input(tmp_path, capsys):
    out = str(tmp_path / "x.npz")
    assert main(["phase", "--eta-lam0", "1", "2", "3", "--width", "1e3", "1e2", "3",
                 "--out", out]) == 2
    assert "`width`" in capsys.readouterr().err
    assert main(["phase", "--eta-lam0", "1", "2", "3.5", "--width", "1e2", "1e3", "3",
                 "--out", out]) == 2
    with pytest.raises(NQMValueError, match="`steps`"):
        phase_diagram([1.0], [10.0], steps=0)
    with pytest.raises(NQMValueError, match="`eta_lam0`"):
        phase_diagram([1.0, np.nan], [10.0])
    with pytest.raises(NQMValueError, match="`overflow`"):
        phase_diagram([1.0], [10.0], tolerances=Tolerances(loss_tol=1.0, overflow=0.5))


def test_grid_refuses_corners_float64_cannot_represent():
    from nqm_theory import NQMValueError
    from nqm_theory.grid import phase_diagram
    with pytest.raises(NQMValueError, match="mpN"):
        phase_diagram([1.0, 3.0], [1e2, 1e300], g0=1e-100, y=0.0, steps=10)
