"""Figures of ``experiment activations`` meet the figure rules of test_figures.check_figure."""
import json

from test_figures import check_figure

from nqm_theory.plotting._figure import plt


def test_activation_figures(tmp_path):
    from nqm_theory.experiments.activations import EXPERIMENT, _compute
    from nqm_theory.plotting.activations import figure_kurtosis, figure_phase, figure_slope
    cfg = EXPERIMENT.config(quick=True, activations=("relu", "tanh"))
    raw = json.loads(json.dumps(_compute(cfg)["parts"], default=float))
    raw = {"parts": raw}
    for fig in (figure_phase(raw), figure_slope(raw), figure_kurtosis(raw)):
        check_figure(fig)
    plt().close("all")
