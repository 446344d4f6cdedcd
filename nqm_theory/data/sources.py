"""Raw sources of the shipped data sets: nothing is downloaded (docs/theory.md §7, Fig. 2b/4).

Each source returns the whole pool ``(X, labels)`` as float64 inputs and integer class
labels (or float targets for regression), before any split or standardisation:

* ``digits``  -- scikit-learn's handwritten digits (1797 images of 8 x 8 = 64 pixels,
  shipped inside the scikit-learn wheel; ``sklearn.datasets.load_digits``);
* ``mnist1d`` -- the MNIST-1D signals (Greydanus 2020), generated locally by
  ``mnist1d.data.make_dataset`` from its ten built-in templates (40 samples per signal).
  Its ``get_dataset`` would download a pickle; it is never called.  ``make_dataset`` seeds
  numpy's and Python's global generators, so their states are saved and restored;
* ``teacher`` -- a teacher-student regression set made here: x ~ N(0, I_d), target the
  output of a random two-layer ReLU teacher of width ``teacher_width`` (docs/theory.md §2
  initialisation), scaled to unit variance, plus Gaussian noise of std ``noise``.

A missing optional package raises :class:`~nqm_theory.NQMValueError` naming the extra
``pip install "nqm_theory[data]"``.
"""
from __future__ import annotations

import random

import numpy as np

from .._validate import NQMValueError

__all__ = ["digits_pool", "mnist1d_pool", "teacher_pool", "EXTRA_HINT"]

#: How to install the optional data-set packages.
EXTRA_HINT = 'pip install "nqm_theory[data]"'


def _missing(package: str, dataset: str) -> NQMValueError:
    return NQMValueError(f"dataset {dataset!r} needs the optional package `{package}`, "
                         f"which is not installed; install it with: {EXTRA_HINT}")


def digits_pool(dataset: str = "digits") -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8 x 8 handwritten digits: X (1797, 64) pixel values, labels 0..9.

    Examples
    --------
    >>> X, c = digits_pool()
    >>> X.shape, int(c.max())
    ((1797, 64), 9)
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise _missing("scikit-learn", dataset) from None
    X, c = load_digits(return_X_y=True)
    return np.asarray(X, dtype=np.float64), np.asarray(c, dtype=np.int64)


def mnist1d_pool(num_samples: int = 2000, dataset: str = "mnist1d"
                 ) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-1D generated locally (seed 42 of the package): X (num_samples, 40), labels 0..9.

    ``num_samples`` is rounded down to a multiple of 10 (the package makes
    ``num_samples // 10`` signals per class); train and test halves of the package are
    pooled (our own split is made by :func:`nqm_theory.data.load_dataset`).
    """
    try:
        from mnist1d.data import get_dataset_args, make_dataset
    except ImportError:
        raise _missing("mnist1d", dataset) from None
    args = get_dataset_args()
    args.num_samples = int(num_samples)
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        with np.errstate(all="ignore"):
            d = make_dataset(args)
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    X = np.concatenate([d["x"], d["x_test"]]).astype(np.float64)
    c = np.concatenate([d["y"], d["y_test"]]).astype(np.int64)
    return X, c


def teacher_pool(n: int, d: int = 20, *, teacher_width: int = 8, noise: float = 0.1,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-student regression: X ~ N(0, I_d) (n, d), y = teacher(X) / std + noise.

    The teacher is f(x) = k^{-1/2} sum_i v_i relu(u_i . x / sqrt(d)) with k =
    ``teacher_width``, u_i ~ N(0, I_d), v_i uniform on {-1, +1} (the initialisation of
    docs/theory.md §2), all drawn from ``default_rng(seed)`` after X.

    Examples
    --------
    >>> X, y = teacher_pool(500, 5, seed=1)
    >>> X.shape, round(float(np.std(y)), 1)
    ((500, 5), 1.0)
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    U = rng.standard_normal((teacher_width, d))
    v = 2.0 * rng.integers(0, 2, size=teacher_width) - 1.0
    f = np.maximum(X @ U.T / np.sqrt(d), 0.0) @ v / np.sqrt(teacher_width)
    f = (f - f.mean()) / f.std()
    return X, f + noise * rng.standard_normal(n)
