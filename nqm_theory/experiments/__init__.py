"""Named, runnable reproductions of the paper's experiments (PAPER.md §7).

``run_experiment(name, out_dir)`` runs ``fig3``, ``fig5``, ``fig8`` or ``eigenspace``,
writes PNG figures, ``<name>.json`` and ``<name>_summary.txt`` into ``out_dir`` and
returns the JSON dict.
"""
from __future__ import annotations

from ._registry import EXPERIMENTS, run_experiment

__all__ = ["EXPERIMENTS", "run_experiment"]
