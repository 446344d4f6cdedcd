"""Named, runnable reproductions of the paper's experiments (docs/theory.md §6-7).

:data:`EXPERIMENTS` is the catalogue: name -> :class:`Experiment` (config -> raw result
-> JSON numbers, figures and a text summary, see :mod:`nqm_theory.experiments._base`).
``run_experiment(name, out_dir)`` runs one (``fig3``, ``fig5``, ``fig8``, ``eigenspace``)
and returns its JSON numbers.
"""
from __future__ import annotations

from ._base import Experiment, ExperimentOption, ExperimentResult
from ._registry import EXPERIMENTS, run_experiment

__all__ = ["EXPERIMENTS", "Experiment", "ExperimentOption", "ExperimentResult",
           "run_experiment"]
