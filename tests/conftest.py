"""Suite-wide policy: float64 everywhere, numpy warnings are errors (no silent NaN)."""
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _strict_numpy():
    with np.errstate(all="raise"):
        yield
