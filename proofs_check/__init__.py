"""Machine checks of the proofs in docs/theory.md (the restatement of Zhu, Liu, Radhakrishnan,
Belkin, ICLR 2024) and the errata they reveal.

Run ``python -m proofs_check`` (all proofs; regenerates ``REPORT.md`` and ``ERRATA.md``
next to this file) or ``python -m proofs_check --only theorem4`` (one proof, printed).
One module per proof (see :data:`proofs_check._core.PROOFS`); each exposes
``check() -> list[StepResult]``.  Identities are checked with SymPy through
:mod:`nqm_theory.symbolic`; inequality chains with explicit constants by interval
arithmetic (:mod:`proofs_check._interval`); counterexamples are searched through the
exact (u, v, w) map (:mod:`proofs_check._search`); probabilistic statements by exact
distributions (SciPy) cross-checked by Monte Carlo with stated confidence.
"""
from ._core import PROOFS, STATUSES, StepResult
from .runner import main, run_checks

__all__ = ["PROOFS", "STATUSES", "StepResult", "main", "run_checks"]
