"""Registry: every claim of docs/theory.md is listed; names resolve; verify() runs."""
import pytest

from nqm_theory import NQMValueError
from nqm_theory.theorems import CLAIMS, get_claim, verify
from nqm_theory.theorems.activations import WINDOW_ACTIVATIONS

PAPER_CLAIMS = (["Theorem %d" % i for i in range(1, 6)] + ["Lemma 1", "Lemma 2"]
                + ["Proposition %d" % i for i in range(1, 11)]
                + ["critical rates", "monotone kernel decrease", "exact window edges"]
                + ["window (%s)" % a for a in WINDOW_ACTIVATIONS])


def test_all_claims_listed():
    assert sorted(CLAIMS) == sorted(PAPER_CLAIMS)
    for name, c in CLAIMS.items():
        assert c.name == name and c.statement and c.version


@pytest.mark.parametrize("alias,name", [("thm 1", "Theorem 1"), ("Prop. 9", "Proposition 9"),
                                        ("proposition10", "Proposition 10"),
                                        ("CRITICAL  rates", "critical rates")])
def test_aliases(alias, name):
    assert get_claim(alias).name == name


def test_unknown_claim():
    with pytest.raises(NQMValueError, match="`claims`"):
        get_claim("Theorem 9")


def test_verify_subset():
    out = verify(["Theorem 2", "Lemma 2"], widths=[1e6])
    assert [v.claim for v in out] == ["Theorem 2", "Lemma 2"]


def test_default_verify_runs_everything_and_nothing_fails():
    out = verify()
    assert len(out) == len(PAPER_CLAIMS) == 30
    for v in out:
        assert v.status in ("holds", "holds-corrected"), (v.claim, v.status, v.witness)
        assert v.cases > 0
        if v.status == "holds-corrected":
            assert v.failures > 0 and v.witness.margin < 0 and v.corrected_statement
