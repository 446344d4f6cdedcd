"""Orbit diagram and uncertainty exponent."""
import numpy as np

from nqm_theory import OneExample, iterate
from nqm_theory.dynamics import orbit_diagram, uncertainty
from nqm_theory.dynamics.report import log_periodicity


def test_orbit_diagram_cells_equal_iterate():
    el = np.linspace(2.1, 4.1, 41)
    od = orbit_diagram(el, [1e3], steps=50000)
    for i in (0, 10, 25, 39, 40):
        run = iterate(OneExample(width=1e3, eta=float(el[i]), lam0=1.0, g0=0.7, y=0.3),
                      steps=50000, record=False)
        assert od.regime[i, 0] == run.regime.value
        if run.regime.value != "divergent":
            assert od.eta_lam_final[i, 0] == run.final_kernel * el[i] or \
                od.eta_lam_final[i, 0] / el[i] == run.final_kernel


def test_smooth_bulk_and_rough_edge():
    bulk = uncertainty(2.5, 3.5, 1e4, eps=[1e-10, 1e-8], pairs=500, steps=50000)
    assert bulk.fraction.tolist() == [0.0, 0.0]
    edge = uncertainty(3.9994, 4.00019, 1e4, eps=[1e-9, 1e-7, 1e-5], pairs=1500, steps=100000)
    assert edge.fraction[0] < edge.fraction[1] < edge.fraction[2]
    assert edge.fraction[2] > 0.1


def test_final_kernel_is_log_periodic_in_width():
    r = log_periodicity(3.0, lo=1e6, hi=1e7, n=801, steps=50000)
    assert r["mean_diff_one_period"] < 1e-3 < 0.01 < r["mean_diff_half_period"]
    assert r["max"] - r["min"] > 0.03
