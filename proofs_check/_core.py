"""Result records and the registry of proof modules.

Every check returns :class:`StepResult` records.  Statuses:

``PASS``
    The statement (as restated in docs/theory.md) is proven: exact symbolic identity,
    rigorous interval-arithmetic proof over the whole box, or exact computation.
``ERRATUM``
    The printed statement is false (evidence: an exact or interval-certified
    counterexample, or an exact identity that differs); the *corrected* statement
    given in ``truth`` was checked and holds.
``EVIDENCE``
    No counterexample was found by a search through the exact map; not a proof.
``MEASURED``
    A quantity the paper leaves open is measured (no claim to pass or fail).
``UNCHECKED``
    The step cannot be checked from the material available (reason given).
``FAIL`` / ``ERROR``
    One of *our* checks failed or raised; the run exits nonzero.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["StepResult", "STATUSES", "FAILING", "PROOFS"]

STATUSES = ("PASS", "ERRATUM", "EVIDENCE", "MEASURED", "UNCHECKED", "FAIL", "ERROR")
FAILING = ("FAIL", "ERROR")

#: name -> (module, paper location) in report order.
PROOFS = {
    "nqm_derivation": ("nqm_derivation", "docs/theory.md §2 (NQM of the ReLU network)"),
    "dynamics": ("dynamics", "docs/theory.md §3 (r, lambda update equations)"),
    "uvw": ("uvw", "docs/theory.md §3 (change of variables u, v, w)"),
    "theorem4": ("theorem4", "docs/theory.md §4 Theorem 4 (sub-critical)"),
    "lemma1": ("lemma1", "docs/theory.md §4 Theorem 1 / Lemma 1 (increasing phase)"),
    "props1_5": ("props1_5", "docs/theory.md §4 Lemma 2, Propositions 1-5"),
    "theorem2": ("theorem2", "docs/theory.md §4 Theorem 2 (Jacobian, equilibria)"),
    "theorem5": ("theorem5", "docs/theory.md §4 Theorem 5 (divergence)"),
    "prop6": ("prop6", "docs/theory.md §4 Proposition 6 (lambda(0) w.h.p.)"),
    "prop7": ("prop7", "docs/theory.md §5 Proposition 7 (rank K <= 2)"),
    "prop8": ("prop8", "docs/theory.md §5 Proposition 8 (lambda_max(K(0)) w.h.p.)"),
    "prop9": ("prop9", "docs/theory.md §5 Proposition 9 (orthogonal loss constant)"),
    "prop10": ("prop10", "docs/theory.md §6 Proposition 10 (general quadratic model)"),
    "several_examples": ("several_examples", "docs/theory.md §5 (several-examples dynamics)"),
    "activations": ("activations", "issue 11: NQM of any activation (reduction A1-A4, "
                                   "two-atom closure, unstable manifold)"),
    "sharp": ("sharp", "docs/theory.md §3-5 invariants, exact edges, certified regimes, "
                       "Theorem 1's peak (issue 13)"),
    "claims": ("claims", "docs/theory.md §4-6 statements swept by nqm_theory.theorems "
                         "(`nqm-theory verify`)"),
}


@dataclass(frozen=True)
class StepResult:
    """One checked step of one proof.

    Attributes
    ----------
    proof, step : str
        Proof name (key of :data:`PROOFS`) and a short step label.
    status : str
        One of :data:`STATUSES`.
    claim : str
        What the paper says (docs/theory.md wording, our notation).
    truth : str
        What is true (for PASS: the same statement; for ERRATUM: the correction).
    evidence : str
        How it was checked (method, box, counterexample, numbers).
    location : str
        Exact place in docs/theory.md (section / theorem / equation).
    """

    proof: str
    step: str
    status: str
    claim: str
    truth: str = ""
    evidence: str = ""
    location: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"`status` must be one of {STATUSES}, got {self.status!r}")

    @property
    def command(self) -> str:
        """Command that reproduces this step."""
        return f"python -m proofs_check --only {self.proof}"


def passed(proof, step, claim, evidence, location="", truth=None):
    """PASS record (truth defaults to the claim)."""
    return StepResult(proof, step, "PASS", claim, claim if truth is None else truth,
                      evidence, location)


def verdict(ok, proof, step, claim, evidence, location="", truth=None):
    """PASS if ``ok`` else FAIL (our check of a statement expected to hold failed)."""
    return StepResult(proof, step, "PASS" if ok else "FAIL", claim,
                      claim if truth is None else truth, evidence, location)
