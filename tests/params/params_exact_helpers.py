"""Shared exact-rational fixtures for the parameter-space tests (imported by name)."""
from fractions import Fraction

import numpy as np

from nqm_theory.params import TwoLayerReLU


def rational_array(rng, shape, den=7, lo=-9, hi=10):
    """Object array of Fractions num/den with num in [lo, hi)."""
    out = np.empty(shape, dtype=object)
    for idx, v in np.ndenumerate(rng.integers(lo, hi, size=shape)):
        out[idx] = Fraction(int(v), den)
    return out


def exact_net(seed=0, m=4, d=4, n=3):
    """Exact network (m, d perfect squares) and rational inputs X of shape (n, d)."""
    rng = np.random.default_rng(seed)
    U0 = rational_array(rng, (m, d))
    V0 = np.array([Fraction(int(s)) for s in 2 * rng.integers(0, 2, size=m) - 1], dtype=object)
    return TwoLayerReLU.from_arrays(U0, V0), rational_array(rng, (n, d), den=3)
