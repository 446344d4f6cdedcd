"""Data sets that install with a package, never downloaded (docs/theory.md §7, Fig. 2b/4).

``load_dataset(name, n_train=..., n_test=..., seed=...)`` returns a :class:`Dataset`
(standardised inputs, a seeded train/test split, +-1 / one-hot / real targets of shape
(n, k)); :data:`DATASETS` lists the names.  scikit-learn and mnist1d are optional: install
them with ``pip install "nqm_theory[data]"``.
"""
from .datasets import DATASETS, Dataset, load_dataset, standardise

__all__ = ["DATASETS", "Dataset", "load_dataset", "standardise"]
