"""Every claim of the paper as an executable check (docs/theory.md §4-6).

Each claim is a frozen :class:`Claim` with the paper's ``statement`` (and number), its
``hypotheses(case)`` (including the explicit-constant conditions on m of Lemma 1,
Theorem 4 and Props. 1, 3, 5), ``predictions(case)``, and ``check(widths) -> Verdict``
(status ``holds`` / ``holds-corrected`` / ``fails`` / ``not-checked``, witness, deciding
precision).  :data:`CLAIMS` lists them all; :func:`verify` runs a sweep.

Examples
--------
>>> from nqm_theory.theorems import get_claim
>>> v = get_claim("Proposition 2").check(widths=[1e3])
>>> v.status.value, v.witness.margin < 0
('holds-corrected', True)
"""
from ._base import STATUSES, CaseResult, Claim, Hypotheses, Outcome, Status, Verdict, Witness
from ._runs import DEFAULT_WIDTHS, LABELS, Case, eps_m, trajectory
from .registry import CLAIMS, claim_names, get_claim, verify

__all__ = ["Claim", "Verdict", "Witness", "Outcome", "CaseResult", "Hypotheses", "STATUSES",
           "Status",
           "Case", "trajectory", "eps_m", "DEFAULT_WIDTHS", "LABELS", "CLAIMS", "claim_names",
           "get_claim", "verify"]
