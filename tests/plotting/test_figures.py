"""Every figure the package draws, opened as a figure object (not the PNG).

Each figure must have a title and a caption; every panel axis labels and a title; no
symlog axis (it puts a kink where it turns logarithmic); legends with one entry per
labelled artist; every line style the caption mentions drawn, and every dashed, dotted or
dash-dot line explained in the caption or its panel title; every symbol used in a label
defined in the caption; no "units of y^2" for absolute loss values; undecided phase cells
labelled as the exhausted step budget.
"""
import re

import numpy as np
import pytest

from nqm_theory.plotting._figure import SYMBOLS, UNDECIDED, caption_of, plt

#: symbol key -> pattern of its use in a label, title, legend or tick text.
USES = {"delta": r"\bdelta\b", "eps(m)": r"eps\(m\)", "lambda_inf": r"lambda_inf",
        "alpha": r"\balpha\b", "FTLE": r"\bFTLE\b", "gamma": r"\bgamma\b",
        "eta_sum": r"eta_sum", "lambda0": r"lambda0", "lambda_i": r"lambda_[12]\(t\)"}
STYLES = {"--": "dashed", ":": "dotted", "-.": "dash-dot"}


def _texts(fig):
    out = [fig._suptitle.get_text() if fig._suptitle else ""]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return out


def _labelled(ax):
    arts = list(ax.get_lines()) + list(ax.collections) + list(ax.patches)
    return [a.get_label() for a in arts if not a.get_label().startswith("_")]


def check_figure(fig):
    assert fig._suptitle is not None and fig._suptitle.get_text().strip(), "no title"
    cap = caption_of(fig)
    assert len(cap) > 40, cap
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    for ax in panels:
        assert ax.get_title() and ax.get_xlabel(), ax
        shared = ax.get_shared_y_axes().get_siblings(ax)
        assert any(a.get_ylabel() for a in shared), f"no y label: {ax.get_title()}"
        assert "symlog" not in (ax.get_xscale(), ax.get_yscale()), ax.get_title()
        leg = ax.get_legend()
        if leg is not None:
            assert [t.get_text() for t in leg.get_texts()] == _labelled(ax), ax.get_title()
        for line in ax.get_lines():
            word = STYLES.get(line.get_linestyle())
            if word and not line.get_label().startswith("_") and leg is not None:
                continue                                  # explained by the legend
            if word:
                assert word in cap.lower() or word in ax.get_title(), (word, ax.get_title())
    drawn_styles = {ln.get_linestyle() for ax in panels for ln in ax.get_lines()}
    for style, word in STYLES.items():
        if re.search(rf"\b{word}\b", cap, re.I):
            assert style in drawn_styles, f"caption mentions {word} lines the figure lacks"
    alltext = " ".join(_texts(fig))
    for key, pat in USES.items():
        if re.search(pat, alltext):
            defs = [SYMBOLS[key]] + ([SYMBOLS["eta*lambda0"]] if key == "lambda0" else [])
            assert any(d in cap for d in defs), f"symbol {key} used but not defined"
    assert "units of y^2" not in alltext + cap
    return cap


@pytest.fixture(scope="module")
def pd():
    from nqm_theory.grid import phase_diagram
    return phase_diagram(np.linspace(0.5, 4.5, 9), np.geomspace(1e2, 1e6, 5), steps=60)


def test_phase_figures(pd):
    from nqm_theory.plotting.phase import figure_peak_vs_width_grid, figure_phase
    assert (pd.regime == "undecided").any()               # the step cap shows up
    fig = figure_phase(pd, "Data: test grid.")
    cap = check_figure(fig)
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert UNDECIDED in ticks and "undecided" not in ticks and UNDECIDED in cap
    assert "Data: test grid." in cap
    check_figure(figure_peak_vs_width_grid(pd, [2.5, 3.5], "Data: test grid."))
    plt().close("all")


def test_orbit_figure():
    from nqm_theory.dynamics import ftle, orbit_diagram, uncertainty
    from nqm_theory.models import OneExample
    from nqm_theory.plotting.phase import figure_orbits
    od = orbit_diagram(np.linspace(0.5, 4.2, 20), [1e2, 1e4], steps=2000)
    unc = [uncertainty(3.97, 4.0193, 1e2, eps=np.logspace(-8, -4, 3), pairs=20, steps=2000)]
    f = [("eta*lam0 = 3", ftle(OneExample(width=1e4, eta=3.0, lam0=1.0, g0=0.7, y=0.3),
                               steps=300))]
    cap = check_figure(figure_orbits(od, od, unc, f, "Data: test."))
    ax = figure_orbits(od, od, unc, f, "x").axes[3]
    assert ax.get_xscale() == "log" and ax.get_lines()[0].get_xdata()[0] == 1   # t >= 1
    assert "FTLE" in cap
    plt().close("all")


def test_trajectory_figures():
    from nqm_theory import OneExample, iterate
    from nqm_theory.plotting.trajectories import (figure_map_vs_params, figure_peak_vs_width,
                                                  figure_regimes)
    from nqm_theory.report import ReportConfig, _params_check
    runs = [iterate(OneExample(width=1e4, eta=e, lam0=1.0, g0=0.7, y=0.3), steps=300)
            for e in (1.5, 3.0, 4.5)]
    check_figure(figure_regimes(runs, ["a", "b", "c"], "Data: test."))
    run, hist, _ = _params_check(ReportConfig())
    check_figure(figure_map_vs_params(run, hist, "Data: test."))
    cap = check_figure(figure_peak_vs_width(np.geomspace(1e2, 1e6, 5),
                                            np.ones((2, 5)), (0.5, 1.0), "Data: test."))
    assert SYMBOLS["delta"] in cap
    plt().close("all")


@pytest.mark.parametrize("name,kw", [("fig3", dict(n=32, width=200, steps=200)),
                                     ("fig5", dict(n=32, width=200, steps=100)),
                                     ("fig8", dict(steps=300)), ("eigenspace", {})])
def test_experiment_figures(name, kw):
    from nqm_theory.experiments import EXPERIMENTS
    from nqm_theory.plotting import experiments as P
    e = EXPERIMENTS[name]
    raw = e.run(e.config(**kw)).raw
    figs = {"fig3": lambda: [P.figure_fig3(raw)],
            "fig5": lambda: [P.figure_fig5(raw, "net"), P.figure_fig5(raw, "lin")],
            "fig8": lambda: [P.figure_fig8(raw)],
            "eigenspace": lambda: [P.figure_eigenspace(raw)]}[name]()
    for fig in figs:
        cap = check_figure(fig)
        assert all(ax.get_xscale() == "log" for ax in fig.axes), "step axis: log of 1 + t"
        assert all(ax.get_lines()[0].get_xdata()[0] == 1 for ax in fig.axes)
        assert "1 + t on a log scale" in cap
    plt().close("all")


def test_scaling_figures():
    from nqm_theory.scaling import peak_scaling, window_edges
    from nqm_theory.scaling import figures as F
    s = peak_scaling(deltas=[0.5, 1.0], widths=[1e3, 1e5, 1e7])
    for build in (F.figure_peak_ratio, F.figure_steps_to_peak, F.figure_final_kernel):
        cap = check_figure(build(s))
        assert SYMBOLS["delta"] in cap and "g0 = 1" in cap
    e = window_edges(widths=[1e3, 1e4], labels=[(1.5, 1.0)], )
    fig = F.figure_edges(e)
    assert "exact edges" in check_figure(fig)
    # the measured (bisected) edges lie on the exact curves: |offset| at m = 1e3, 1e4
    from nqm_theory.sharp.edges import exact_edges
    for j, m in enumerate(e.widths):
        ex = exact_edges(m, 1.5, 1.0, certify=False)
        assert abs(e.lower[0, j] - float(ex.lower)) < 1e-6 * float(ex.lower)
        assert abs(e.upper[0, j] - float(ex.divergence)) < 1e-6 * float(ex.divergence)
    plt().close("all")
