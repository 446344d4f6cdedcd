"""Claim base: verdict aggregation, status rules, witnesses, precision escalation."""
import dataclasses
import math

import pytest

from nqm_theory.theorems import STATUSES, Case, CaseResult, Claim, Outcome, Verdict, get_claim
from nqm_theory.theorems._base import NEAR_BOUNDARY


@dataclasses.dataclass(frozen=True)
class _Toy(Claim):
    """Cases are numbers; the paper fails on negatives, the corrected form on < -10."""

    name = "toy"
    statement = "x >= 0"
    corrected_statement = "x >= -10"

    def cases(self, widths):
        return list(widths)

    def evaluate(self, case, precision="float64"):
        return CaseResult(Outcome(float(case), 0, case, 0.0, "x"),
                          Outcome(float(case + 10), 0, case, -10.0, "x"), precision)


def test_status_rules():
    assert _Toy().check([1, 2]).status == "holds"
    v = _Toy().check([1, -3, 2])
    assert (v.status, v.cases, v.failures, v.corrected_failures) == ("holds-corrected", 3, 1, 0)
    assert v.witness.measured == -3 and v.witness.margin == -3.0
    assert _Toy().check([-30, 1]).status == "fails"
    assert _Toy().check([]).status == "not-checked"
    assert set(STATUSES) == {"holds", "holds-corrected", "fails", "not-checked"}


def test_verdict_is_frozen_and_serializable():
    v = _Toy().check([1, -3])
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.status = "holds"
    d = v.to_dict()
    for key in ("claim", "status", "cases", "failures", "witness", "statement",
                "corrected_statement"):
        assert key in d
    assert d["witness"]["margin"] == -3.0 and d["worst_margin"] == -3.0


def test_claims_are_frozen():
    c = get_claim("Theorem 1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.c_u_prime = 1.0


def test_near_boundary_case_is_rerun_in_mp50():
    calls = []

    @dataclasses.dataclass(frozen=True)
    class Near(Claim):
        name = "near"

        def cases(self, widths):
            return [Case(1e4, 2.5, 1.0, 0.0)]

        def evaluate(self, case, precision="float64"):
            calls.append(precision)
            margin = NEAR_BOUNDARY / 10 if precision == "float64" else 0.5
            return CaseResult(Outcome(margin, 0, 0.0, 0.0, "m"), None, precision)

    v = Near().check([1])
    assert calls == ["float64", "mp50"]
    assert "mp50" in v.decided_precision and v.witness.precision == "mp50"
    assert math.isclose(v.witness.margin, 0.5)


def test_verdict_fields():
    names = {f.name for f in dataclasses.fields(Verdict)}
    assert {"claim", "status", "cases", "failures", "witness", "decided_precision",
            "statement", "corrected_statement", "version"} <= names


def test_near_critical_rate_is_decided_in_mp50():
    from nqm_theory.theorems.one_example import CriticalRates
    res = CriticalRates().decide(Case(1e6, 2 + 1e-13, 1.0, 0.0))
    assert res.precision == "mp50"


def test_a_nan_margin_is_no_verdict():
    """A case whose margin is NaN is counted as undefined, never as held or failed."""
    from dataclasses import dataclass

    from nqm_theory.theorems import CaseResult, Claim, Outcome

    @dataclass(frozen=True)
    class NaNClaim(Claim):
        name = "nan claim"
        statement = "always NaN"

        def cases(self, widths):
            return [1, 2]

        def evaluate(self, case, precision="float64"):
            m = float("nan") if case == 1 else 0.5
            return CaseResult(Outcome(m, 0, m, 0.0, "x"), None, "float64")

    v = NaNClaim().check()
    assert v.cases == 1 and v.failures == 0 and v.skipped == 1 and v.status == "holds"
    assert any("NaN" in n for n in v.notes)
