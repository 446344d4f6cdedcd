"""The catalogue of named experiments (docs/theory.md §6-7) and :func:`run_experiment`.

Each experiment module defines ``EXPERIMENT``, an :class:`~nqm_theory.experiments._base.Experiment`;
the catalogue imports a module only when its experiment is asked for, so listing the
names stays cheap.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping

from .._validate import check_choice

__all__ = ["EXPERIMENTS", "run_experiment"]

_MODULES = {"fig3": "fig3", "fig5": "fig5", "fig8": "fig8", "eigenspace": "eigenspace",
            "generalization": "generalization",
            "sgd_catapults": "sgd_catapults", "activations": "activations"}


class _Catalogue(Mapping):
    """Read-only mapping name -> Experiment, loading each module on first use."""

    def __init__(self, modules):
        self._modules = dict(modules)

    def __getitem__(self, name):
        if name not in self._modules:
            raise KeyError(name)
        mod = importlib.import_module(f"{__package__}.{self._modules[name]}")
        return mod.EXPERIMENT

    def __iter__(self):
        return iter(self._modules)

    def __len__(self):
        return len(self._modules)

    def __repr__(self):
        return f"EXPERIMENTS({', '.join(self._modules)})"


#: name -> :class:`~nqm_theory.experiments._base.Experiment`.
EXPERIMENTS = _Catalogue(_MODULES)


def run_experiment(name: str, out_dir=None, *, quick: bool = False, progress: bool = False,
                   **settings) -> dict:
    """Run experiment ``name``; write ``out_dir/NAME.json``, ``NAME_summary.txt`` and figures.

    Returns the JSON numbers with the text summary under ``"summary"``.
    """
    check_choice("name", name, tuple(EXPERIMENTS))
    exp = EXPERIMENTS[name]
    res = exp.run(exp.config(quick=quick, **settings), out_dir, progress=progress)
    return dict(res.numbers, summary=res.summary)
