"""Float64 interval runs against exact rational steps and Arb ball runs.

The interval step must contain the exact (FLINT rational) step of the derived map at
random points; the regimes of :func:`run_cells` must equal those of independent 200-digit
mpmath runs, and its limit enclosures must contain their final kernels.
"""
import random
from fractions import Fraction as F

import numpy as np
import pytest

from nqm_theory.sharp.certify import _iv, certify_problems
from nqm_theory.sharp.intervals import step
from nqm_theory.symbolic.maps import one_example_map


def test_interval_step_encloses_the_exact_step():
    exact = one_example_map().step_function("exact")
    from flint import fmpq
    rng = random.Random(7)
    for _ in range(300):
        x = [F(rng.randint(-10**6, 10**6), rng.randint(1, 10**6)) for _ in range(3)]
        x[0] = abs(x[0])
        box = [b for q in x for b in _iv(q)]
        lo_hi = step(*box)
        y = exact(tuple(fmpq(q.numerator, q.denominator) for q in x), ())
        for i, yi in enumerate(y):
            q = F(int(yi.p), int(yi.q))
            assert F(lo_hi[2 * i]) <= q <= F(lo_hi[2 * i + 1])
            assert lo_hi[2 * i + 1] - lo_hi[2 * i] <= 1e-12 * (1 + abs(float(q)))


ROWS = [(10**4, F(1), 1, F(7, 10), F(3, 10), 1), (10**4, F(5, 2), 1, F(7, 10), F(3, 10), 1),
        (10**4, F(3), 1, F(1), F(0), 1), (10**4, F(9, 2), 1, F(7, 10), F(3, 10), 1),
        (10**6, F(34, 10), 1, F(7, 10), F(3, 10), 1), (100, F(2), F(1, 2), F(-1, 2), 1, 2)]


@pytest.fixture(scope="module")
def cells():
    return certify_problems(ROWS, steps=400_000)


def test_certified_cells_agree_with_200_digit_runs(cells):
    from nqm_theory import OneExample, iterate
    from nqm_theory.results import Tolerances
    for i, (m, el, lam0, g0, y, x2d) in enumerate(ROWS):
        assert cells.certified[i]
        p = OneExample(width=F(m), eta=F(el) / F(lam0), lam0=F(lam0), g0=g0, y=y, x2d=F(x2d))
        ref = iterate(p, precision="mp200", steps=400_000, record=False,
                      tolerances=Tolerances(loss_tol=1e-150))
        assert ref.regime.value == cells.regime[i], i
        if ref.regime.value != "divergent":
            v_ref = float(ref.final_kernel) * float(F(el) / F(lam0)) * float(F(lam0)) / float(
                F(lam0))
            lo, hi = cells.v_inf[i]
            assert lo <= float(ref.final_kernel * (F(el) / F(lam0))) <= hi, i
            assert hi - lo <= 1e-9 * hi
            assert v_ref == pytest.approx(float(ref.final_kernel) * float(F(el) / F(lam0)))


def test_counts_and_sources(cells):
    c = cells.counts()
    assert c["certified"] == len(ROWS) and c["not certified"] == 0
    assert set(np.unique(cells.source)) <= {"interval", "theorem", "ball"}
