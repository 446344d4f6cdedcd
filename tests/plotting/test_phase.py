"""Figures render headless with labelled axes; CLI writes them."""
import numpy as np

from nqm_theory.cli import main
from nqm_theory.grid import phase_diagram
from nqm_theory.plotting._figure import caption_of
from nqm_theory.plotting.phase import eps_margin, figure_peak_vs_width_grid, figure_phase


def test_figures_have_labels(tmp_path):
    pd = phase_diagram(np.linspace(0.5, 4.5, 12), np.geomspace(1e2, 1e6, 7), steps=3000)
    fig = figure_phase(pd, "caption line")
    labelled = [ax for ax in fig.axes if ax.get_xlabel()]
    assert all("width m" in ax.get_xlabel() for ax in labelled[:3])
    assert "eta * lambda0" in fig.axes[0].get_ylabel()
    assert "caption line" in caption_of(fig)
    fig.savefig(tmp_path / "a.png")
    fig2 = figure_peak_vs_width_grid(pd, [2.5, 3.5], "c")
    assert "peak loss" in fig2.axes[0].get_ylabel()
    fig2.savefig(tmp_path / "b.png")
    assert (tmp_path / "a.png").stat().st_size > 10000


def test_eps_margin():
    assert eps_margin(np.e ** 2) == 2 / np.e


def test_cli_phase_plot(tmp_path):
    out, fig = tmp_path / "p.npz", tmp_path / "p"
    assert main(["phase", "--eta-lam0", "0.5", "4.5", "6", "--width", "1e2", "1e5", "4",
                 "--steps", "2000", "--out", str(out), "--no-progress", "--plot", str(fig)]) == 0
    assert (tmp_path / "p_phase.png").exists() and (tmp_path / "p_peak.png").exists()
