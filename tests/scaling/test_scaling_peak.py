"""Peak-vs-width scaling: fit machinery on synthetic laws, measurement vs iterate()."""
import math

import numpy as np
import pytest

from nqm_theory import NQMValueError, OneExample, iterate
from nqm_theory.scaling import peak_scaling
from nqm_theory.scaling.peak import _fit


@pytest.mark.parametrize("law,beta,preferred", [(0, 0.0, "m delta^2"),
                                                (-1, -1.0, "m delta^2/log m")])
def test_fit_recovers_synthetic_laws(law, beta, preferred):
    m = np.logspace(3, 13, 30)
    wiggle = 1 + 0.05 * np.sin(3 * np.log(m))          # log-periodic like the real peaks
    peak = 0.3 * m * 0.25 * np.log(m) ** law * wiggle
    f = _fit(0.5, m, peak)
    assert f.beta_ci[0] <= beta <= f.beta_ci[1] or abs(f.beta - beta) < 0.02
    assert f.preferred == preferred and f.n_used == 30


def test_fit_drops_widths_outside_theorem1():
    m = np.logspace(2, 12, 11)
    f = _fit(0.01, m, 0.25 * m * 1e-4 + 0.5)
    assert f.n_used == int(np.sum(0.01 >= np.log(m) / np.sqrt(m)))


@pytest.mark.parametrize("fixed", [{}, {"eta": 1.0}])
def test_peak_matches_iterate_and_log_m_is_rejected(fixed):
    """lam0 = 1 (eta = 2 + delta, the convention) and eta = 1 held fixed (``eta=1``)."""
    widths = np.logspace(4, 12, 9)
    s = peak_scaling(deltas=[0.2], widths=widths, **fixed)
    eta, lam0 = (1.0, 2.2) if fixed else (2.2, 1.0)
    run = iterate(OneExample(width=widths[3], eta=eta, lam0=lam0, g0=1.0, y=0.0), steps=2000)
    assert math.isclose(s.peak_loss[0, 3], run.peak_loss, rel_tol=1e-12)
    assert s.peak_step[0, 3] == run.peak_step
    assert math.isclose(s.final_kernel[0, 3], run.final_kernel, rel_tol=1e-12)
    assert math.isclose(s.eta_lam_final[0, 3], run.eta_lam_final, rel_tol=1e-12)
    d = s.to_dict()
    assert d["fixed"] == ("eta" if fixed else "lam0")
    assert (d["labels"]["lam0"], d["labels"]["eta"]) == ((None, 1.0) if fixed else (1.0, None))
    f = s.fits[0]
    assert f.preferred == "m delta^2" and f.beta_ci[0] > -0.5      # the log m is not there
    # L = u m / (2 eta^2): the ratio peak/(m delta^2) carries 1/eta^2 = 1/2.2^2 under lam0 = 1
    lo, hi = (0.2, 0.6) if fixed else (0.2 / 2.2**2, 0.6 / 2.2**2)
    assert lo < f.ratio_range[0] <= f.ratio_range[1] < hi
    st = s.steps_fit[0]
    assert abs(st["slope"] / st["predicted_slope"] - 1) < 0.05


def test_bad_input():
    with pytest.raises(NQMValueError, match="`deltas`"):
        peak_scaling(deltas=[2.5], widths=[1e3, 1e4, 1e5])
    with pytest.raises(NQMValueError, match="`widths`"):
        peak_scaling(deltas=[0.5], widths=[1e3, 1e4])
    with pytest.raises(NQMValueError, match="`lam0` and `eta`"):
        peak_scaling(deltas=[0.5], widths=[1e3, 1e4, 1e5], lam0=1.0, eta=1.0)
    with pytest.raises(NQMValueError, match="`eta`"):
        peak_scaling(deltas=[0.5], widths=[1e3, 1e4, 1e5], eta=0.0)
