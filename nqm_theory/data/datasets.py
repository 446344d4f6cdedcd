"""Shipped data sets with a seeded train/test split, standardised inputs and squared-loss
labels (docs/theory.md §7, Fig. 2b/4: f, f_lin and f_quad on real data).

:func:`load_dataset` draws ``n_train + n_test`` distinct examples from a data set's pool
(:mod:`nqm_theory.data.sources`, nothing downloaded) with ``default_rng(seed).permutation``:
the first ``n_train`` are the training set, the next ``n_test`` the test set.  Inputs are
standardised per feature with the training mean and standard deviation (a feature constant
on the training set is only centred), so |x|^2 / d is about 1, the scale of docs/theory.md §2.
Targets always have shape (n, k):

=========  ===========================================  =====  ===========
name       pool                                         k      targets
=========  ===========================================  =====  ===========
digits2    sklearn digits, class 3 vs class 8 (357)      1      -1 / +1
digits10   sklearn digits, all ten classes (1797)        10     one-hot
mnist1d    MNIST-1D generated locally (2000)             10     one-hot
teacher    teacher-student ReLU regression, d=20 (2000)  1      real
=========  ===========================================  =====  ===========
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .._validate import NQMValueError, check_choice, check_int
from .sources import digits_pool, mnist1d_pool, teacher_pool

__all__ = ["DATASETS", "Dataset", "load_dataset", "standardise"]

#: name -> (task, one-line description)
DATASETS = {
    "digits2": ("binary", "scikit-learn digits, class 3 (y=-1) vs class 8 (y=+1), 64 pixels"),
    "digits10": ("multiclass", "scikit-learn digits, ten classes one-hot, 64 pixels"),
    "mnist1d": ("multiclass", "MNIST-1D (generated locally), ten classes one-hot, 40 samples"),
    "teacher": ("regression", "teacher-student regression: random ReLU teacher of width 8, "
                              "x ~ N(0, I_20), noise std 0.1"),
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """A split, standardised data set.

    Attributes
    ----------
    name, task : str
        Data-set name (a key of :data:`DATASETS`) and ``"binary"``, ``"multiclass"`` or
        ``"regression"``.
    X_train, X_test : ndarray, shapes (n_train, d), (n_test, d)
        Standardised inputs.
    Y_train, Y_test : ndarray, shapes (n_train, k), (n_test, k)
        Targets: +-1 (binary, k = 1), one-hot (multiclass), real (regression, k = 1).
    seed : int
        Seed of the split.
    """

    name: str
    task: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    seed: int

    @property
    def n_train(self) -> int:
        return self.X_train.shape[0]

    @property
    def n_test(self) -> int:
        return self.X_test.shape[0]

    @property
    def d(self) -> int:
        return self.X_train.shape[1]

    @property
    def k(self) -> int:
        """Number of outputs."""
        return self.Y_train.shape[1]


def standardise(X_train, X_test):
    """Standardise both with the training mean and std per feature (std 0 -> only centred).

    Examples
    --------
    >>> A, B = standardise(np.array([[0.0, 1.0], [2.0, 1.0]]), np.array([[4.0, 3.0]]))
    >>> A.tolist(), B.tolist()
    ([[-1.0, 0.0], [1.0, 0.0]], [[3.0, 2.0]])
    """
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (X_train - mu) / sd, (X_test - mu) / sd


@lru_cache(maxsize=8)
def _pool(name: str):
    """Inputs and targets (n_pool, k) of the whole pool of data set ``name`` (cached per
    process: MNIST-1D takes seconds to generate; callers only index the arrays)."""
    if name == "teacher":
        X, y = teacher_pool(2000, 20, seed=0)
        return X, y[:, None]
    X, c = mnist1d_pool(dataset=name) if name == "mnist1d" else \
        digits_pool(dataset=name)
    if name == "digits2":
        keep = (c == 3) | (c == 8)
        return X[keep], np.where(c[keep] == 8, 1.0, -1.0)[:, None]
    return X, np.eye(10)[c]


def load_dataset(name: str, *, n_train: int, n_test: int, seed: int = 0) -> Dataset:
    """Load data set ``name`` (a key of :data:`DATASETS`), split by ``seed`` and standardised.

    Examples
    --------
    >>> ds = load_dataset("digits2", n_train=100, n_test=50, seed=0)
    >>> ds.X_train.shape, ds.Y_test.shape, sorted(set(ds.Y_train[:, 0].tolist()))
    ((100, 64), (50, 1), [-1.0, 1.0])
    >>> load_dataset("digits10", n_train=20, n_test=5).Y_train.sum(axis=1).tolist() == [1.0] * 20
    True
    """
    check_choice("dataset", name, tuple(DATASETS))
    n_train, n_test = check_int("n_train", n_train, ge=1), check_int("n_test", n_test, ge=1)
    seed = check_int("seed", seed, ge=0)
    X, Y = _pool(name)
    if n_train + n_test > X.shape[0]:
        raise NQMValueError(f"`n_train` + `n_test` must be <= {X.shape[0]} (the size of "
                            f"dataset {name!r}), got {n_train} + {n_test}")
    idx = np.random.default_rng(seed).permutation(X.shape[0])
    tr, te = idx[:n_train], idx[n_train:n_train + n_test]
    Xtr, Xte = standardise(X[tr], X[te])
    return Dataset(name, DATASETS[name][0], Xtr, Y[tr].astype(np.float64), Xte,
                   Y[te].astype(np.float64), seed)
