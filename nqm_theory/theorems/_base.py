"""Claims of the paper as objects: the :class:`Claim` base, :class:`Verdict` and :class:`Witness`.

A claim (docs/theory.md §4-6) is checked over a sweep of *cases*.  For each case the claim
states its hypotheses (including the explicit-constant conditions on the width m that
the paper's proofs need), runs the dynamics, and compares each predicted quantity with a
bound.  The comparison gives a signed relative *margin*: positive when the prediction
holds, negative when it fails.  Where the paper's wording is only approximately true the
claim also carries an exactly-true ``corrected_statement``, evaluated on the same cases.

Status of a verdict:

* ``holds``: the paper's version held on every case whose hypotheses were met;
* ``holds-corrected``: the paper's version failed somewhere, the corrected one never did;
* ``fails``: the corrected version (or, without one, the paper's) failed somewhere;
* ``not-checked``: no case met the hypotheses.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import ClassVar

__all__ = ["Witness", "Verdict", "Outcome", "CaseResult", "Hypotheses", "Claim",
           "Status", "STATUSES", "NEAR_BOUNDARY", "DEFAULT_WIDTHS"]


class Status(str, Enum):
    """Status of a :class:`Verdict` (compares equal to its string value)."""

    HOLDS = "holds"
    HOLDS_CORRECTED = "holds-corrected"
    FAILS = "fails"
    NOT_CHECKED = "not-checked"

    @property
    def message(self) -> str:
        return {"holds": "the paper's statement held on every case whose hypotheses were met",
                "holds-corrected": "the paper's statement failed somewhere; the corrected "
                                   "statement held on every case",
                "fails": "the corrected statement (or the paper's, without one) failed",
                "not-checked": "no case met the hypotheses"}[self.value]

    @property
    def success(self) -> bool:
        return self in (Status.HOLDS, Status.HOLDS_CORRECTED)

    def __str__(self) -> str:
        return self.value


STATUSES = tuple(s.value for s in Status)

#: Widths of the default one-example sweep: one per decade, 1e2 .. 1e12.
DEFAULT_WIDTHS = tuple(10.0 ** k for k in range(2, 13))

#: A relative margin below this cannot be trusted to float64: the case is re-run in mp50.
NEAR_BOUNDARY = 1e-10


@dataclass(frozen=True)
class Witness:
    """Where a prediction came closest to failing (or failed).

    Attributes
    ----------
    step : int or None
        Trajectory step (None for claims without a trajectory).
    measured, bound : float
        The measured quantity and the bound it is compared with.
    margin : float
        Signed relative margin (> 0 holds, < 0 fails).
    case : dict
        The parameters of the case (paper symbols).
    what : str
        Which prediction the numbers refer to.
    """

    step: int | None
    measured: float
    bound: float
    margin: float
    case: dict = field(default_factory=dict)
    what: str = ""
    precision: str = "float64"

    def to_dict(self) -> dict:
        return {"step": self.step, "measured": _f(self.measured), "bound": _f(self.bound),
                "margin": _f(self.margin), "what": self.what, "case": self.case,
                "precision": self.precision}


@dataclass(frozen=True)
class Outcome:
    """One prediction on one case: the worst (smallest-margin) step."""

    margin: float
    step: int | None
    measured: float
    bound: float
    what: str

    @property
    def ok(self) -> bool:
        return self.margin >= 0


@dataclass(frozen=True)
class CaseResult:
    """Paper and corrected outcomes of one case, with the precision that decided them."""

    paper: Outcome
    corrected: Outcome | None
    precision: str


@dataclass(frozen=True)
class Hypotheses:
    """Whether a case meets a claim's hypotheses; ``constants`` are the explicit ones used."""

    ok: bool
    reasons: tuple = ()
    constants: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """Frozen result of :meth:`Claim.check`.

    Attributes
    ----------
    claim : str
        Paper name (e.g. ``"Theorem 1"``).
    status : Status
        One of :class:`Status` (a ``str`` enum: ``verdict.status == "holds"`` works).
    cases, failures, skipped : int
        Cases whose hypotheses were met, how many of them the *paper's* version failed,
        and cases skipped because the hypotheses were not met (or the one-example state
        is not realizable by NQM parameters, see ``Case.realizable``).
    corrected_failures : int or None
        Failures of the corrected version (None if the claim has none).
    witness, corrected_witness : Witness or None
        The paper's worst case (a counterexample when failures > 0) and the corrected one.
    decided_precision : str
        ``"float64"``, ``"exact"``, ``"mp50"`` or e.g. ``"float64 (3 cases re-run in mp50)"``.
    statement, corrected_statement, version : str
        What was checked; ``version`` says which reading of docs/theory.md (and §9 items).
    notes : tuple of str
    """

    claim: str
    status: Status
    cases: int
    failures: int
    skipped: int
    corrected_failures: int | None
    witness: Witness | None
    corrected_witness: Witness | None
    decided_precision: str
    statement: str
    corrected_statement: str | None
    version: str
    notes: tuple = ()

    @property
    def worst_margin(self) -> float | None:
        return None if self.witness is None else self.witness.margin

    @property
    def success(self) -> bool:
        return self.status.success

    @property
    def message(self) -> str:
        return self.status.message

    def to_dict(self) -> dict:
        """JSON-ready dict with the fields of the ``nqm-theory verify --json`` contract."""
        return {"claim": self.claim, "status": self.status.value, "cases": self.cases,
                "failures": self.failures, "skipped": self.skipped,
                "corrected_failures": self.corrected_failures,
                "witness": None if self.witness is None else self.witness.to_dict(),
                "corrected_witness": None if self.corrected_witness is None
                else self.corrected_witness.to_dict(),
                "worst_margin": _f(self.worst_margin),
                "decided_precision": self.decided_precision, "statement": self.statement,
                "corrected_statement": self.corrected_statement, "version": self.version,
                "notes": list(self.notes)}


def _f(x):
    if x is None:
        return None
    try:
        return float(x)
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


@dataclass(frozen=True)
class Claim:
    """Base class of a checkable claim (frozen; constants are dataclass fields).

    Subclasses set the class attributes ``name``, ``statement``, ``corrected_statement``
    and ``version`` and implement :meth:`cases`, :meth:`hypotheses` and
    :meth:`evaluate`; :meth:`predictions` is optional.  Change a constant with
    ``dataclasses.replace(claim, field=value)`` (used by the mutation tests).
    """

    name: ClassVar[str] = ""
    statement: ClassVar[str] = ""
    corrected_statement: ClassVar[str | None] = None
    version: ClassVar[str] = "as restated in docs/theory.md"

    def cases(self, widths) -> list:
        raise NotImplementedError

    def hypotheses(self, case) -> Hypotheses:
        return Hypotheses(True)

    def predictions(self, case) -> dict:
        """The quantities the claim predicts for ``case`` (bounds, regimes)."""
        return {}

    def evaluate(self, case, precision: str = "float64") -> CaseResult:
        raise NotImplementedError

    def notes(self) -> tuple:
        return ()

    def decide(self, case) -> CaseResult:
        """:meth:`evaluate` in float64, re-run in mp50 when a margin is within
        :data:`NEAR_BOUNDARY` of 0 or eta*lam0 is within 1e-12 of 2 or 4 (and the case
        supports it)."""
        import numpy as np
        with np.errstate(under="ignore"):      # gradual underflow to 0 is harmless here
            res = self.evaluate(case)
            if (_near(res) or _near_critical(case)) and getattr(case, "supports_mp", False):
                import mpmath
                with mpmath.workdps(50):   # the analysis too, not only the run, in 50 digits
                    res = self.evaluate(case, precision="mp50")
        return res

    def check(self, widths=None, *, cases=None, map=None) -> Verdict:
        """Run the claim over ``cases`` (default: ``self.cases(widths)``) -> :class:`Verdict`.

        ``map`` (a :class:`~nqm_theory.maps.CompiledMap`) replaces the derived map in every
        case that runs one (default: the map each case carries, i.e. the derived one).
        """
        cases = self.cases(DEFAULT_WIDTHS if widths is None else widths) if cases is None \
            else cases
        if map is not None:
            cases = [replace(c, map=map) if "map" in {f.name for f in fields(c)} else c
                     for c in cases]
        n = fails = cfails = skipped = reruns = undefined = 0
        worst = cworst = None
        precisions = set()
        for case in cases:
            if not (getattr(case, "realizable", True) and self.hypotheses(case).ok):
                skipped += 1
                continue
            res = self.decide(case)
            if _undefined(res):   # a margin computed from NaN is no verdict either way
                undefined += 1
                continue
            reruns += res.precision == "mp50"
            precisions.add(res.precision)
            n += 1
            fails += not res.paper.ok
            worst = _worse(worst, res.paper, case, res.precision)
            if res.corrected is not None:
                cfails += not res.corrected.ok
                cworst = _worse(cworst, res.corrected, case, res.precision)
        has_corr = self.corrected_statement is not None
        if n == 0:
            status = Status.NOT_CHECKED
        elif fails == 0:
            status = Status.HOLDS
        elif has_corr and cfails == 0 and cworst is not None:
            status = Status.HOLDS_CORRECTED
        else:
            status = Status.FAILS
        prec = "/".join(sorted(p for p in precisions if p != "mp50")) or "mp50"
        if reruns:
            prec += f" ({reruns} near-boundary case(s) re-run in mp50)"
        notes = tuple(self.notes())
        if undefined:
            notes += (f"{undefined} case(s) gave a margin that is not a number (NaN) and count "
                      "neither for nor against the claim",)
        return Verdict(self.name, status, n, fails, skipped + undefined,
                       cfails if has_corr else None, _witness(worst), _witness(cworst), prec,
                       self.statement, self.corrected_statement, self.version, notes)


def _undefined(res: CaseResult) -> bool:
    import math
    outs = [res.paper] + ([res.corrected] if res.corrected is not None else [])
    return any(isinstance(o.margin, float) and math.isnan(o.margin) for o in outs)


def _near_critical(case) -> bool:
    """eta*lam0 within 1e-12 of the critical values 2 or 4: float64 cannot be trusted."""
    v0 = getattr(case, "v0", None)
    return v0 is not None and min(abs(v0 - 2), abs(v0 - 4)) < 1e-12


def _near(res: CaseResult) -> bool:
    outs = [res.paper] + ([res.corrected] if res.corrected is not None else [])
    return res.precision == "float64" and any(abs(o.margin) < NEAR_BOUNDARY for o in outs)


def _worse(current, outcome: Outcome, case, precision):
    if current is None or outcome.margin < current[0].margin:
        return (outcome, case, precision)
    return current


def _witness(triple) -> Witness | None:
    if triple is None:
        return None
    o, case, precision = triple
    desc = case.describe() if hasattr(case, "describe") else {"case": repr(case)}
    return Witness(o.step, o.measured, o.bound, o.margin, desc, o.what, precision)
