"""Shipped data sets: the documented split, standardisation and labels, recomputed here."""
import random
import sys

import numpy as np
import pytest

from nqm_theory import NQMValueError
from nqm_theory.data import DATASETS, load_dataset
from nqm_theory.data import datasets as dsmod


def _standardise_by_hand(A, B):
    mu, sd = A.mean(0), A.std(0)
    sd[sd == 0] = 1.0
    return (A - mu) / sd, (B - mu) / sd


def test_digits2_split_standardisation_and_labels_follow_the_documented_protocol():
    from sklearn.datasets import load_digits
    X, c = load_digits(return_X_y=True)
    keep = np.flatnonzero((c == 3) | (c == 8))
    perm = np.random.default_rng(7).permutation(keep.size)
    tr, te = keep[perm[:100]], keep[perm[100:160]]
    want_tr, want_te = _standardise_by_hand(X[tr].astype(float), X[te].astype(float))
    ds = load_dataset("digits2", n_train=100, n_test=60, seed=7)
    assert np.allclose(ds.X_train, want_tr, atol=1e-12) and np.allclose(ds.X_test, want_te,
                                                                      atol=1e-12)
    assert np.array_equal(ds.Y_train[:, 0], np.where(c[tr] == 8, 1.0, -1.0))
    assert np.array_equal(ds.Y_test[:, 0], np.where(c[te] == 8, 1.0, -1.0))
    assert set(tr).isdisjoint(te)
    live = X[tr].std(0) > 0
    assert np.allclose(ds.X_train[:, live].std(0), 1.0) and np.allclose(ds.X_train.mean(0), 0)


def test_digits10_one_hot_matches_the_classes():
    from sklearn.datasets import load_digits
    _, c = load_digits(return_X_y=True)
    perm = np.random.default_rng(3).permutation(c.size)
    ds = load_dataset("digits10", n_train=50, n_test=20, seed=3)
    assert ds.k == 10 and ds.task == "multiclass"
    assert np.array_equal(np.argmax(ds.Y_train, 1), c[perm[:50]])
    assert np.all(ds.Y_train.sum(1) == 1) and set(np.unique(ds.Y_train)) == {0.0, 1.0}


def test_mnist1d_is_generated_without_network_and_keeps_global_rng_state(monkeypatch):
    import requests

    def no_network(*a, **k):
        raise AssertionError("network access")
    monkeypatch.setattr(requests, "get", no_network)
    dsmod._pool.cache_clear()
    np.random.seed(123)
    random.seed(5)
    before = (np.random.random(), random.random())
    np.random.seed(123)
    random.seed(5)
    ds = load_dataset("mnist1d", n_train=40, n_test=10, seed=0)
    assert (np.random.random(), random.random()) == before
    assert ds.X_train.shape == (40, 40) and ds.k == 10
    assert np.all(ds.Y_train.sum(1) == 1)


def test_teacher_regression_is_deterministic_and_real_valued():
    a = load_dataset("teacher", n_train=300, n_test=100, seed=1)
    b = load_dataset("teacher", n_train=300, n_test=100, seed=1)
    assert a.task == "regression" and a.d == 20 and a.k == 1
    assert np.array_equal(a.Y_train, b.Y_train)
    assert 0.8 < a.Y_train.std() < 1.2 and not np.all(np.abs(a.Y_train) == 1)


def test_bad_names_and_sizes_name_the_parameter():
    with pytest.raises(NQMValueError, match="`dataset` must be one of 'digits2'"):
        load_dataset("cifar", n_train=10, n_test=10)
    with pytest.raises(NQMValueError, match=r"`n_train` \+ `n_test` must be <= 357"):
        load_dataset("digits2", n_train=300, n_test=100)
    assert set(DATASETS) == {"digits2", "digits10", "mnist1d", "teacher"}


@pytest.mark.parametrize("name,module", [("digits10", "sklearn"), ("mnist1d", "mnist1d")])
def test_missing_optional_package_names_the_extra(monkeypatch, name, module):
    dsmod._pool.cache_clear()
    for mod in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, module, None)
    try:
        with pytest.raises(NQMValueError, match=r'pip install "nqm_theory\[data\]"'):
            load_dataset(name, n_train=10, n_test=10)
    finally:
        dsmod._pool.cache_clear()
