"""``nqm-theory verify``: table, JSON contract, input errors."""
import json

from nqm_theory.cli import main


def test_verify_json_contract(capsys):
    assert main(["verify", "--claims", "Theorem 2", "Proposition 2", "--widths", "1e3",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["claim"] for o in out] == ["Theorem 2", "Proposition 2"]
    for o in out:
        assert o["status"] in ("holds", "holds-corrected", "fails", "not-checked")
        for key in ("cases", "failures", "witness", "statement", "corrected_statement"):
            assert key in o
        assert set(o["witness"]) >= {"step", "measured", "bound", "margin"}
    assert out[1]["status"] == "holds-corrected" and out[1]["witness"]["margin"] < 0


def test_verify_table(capsys):
    assert main(["verify", "--claims", "Lemma 2", "--widths", "1e8"]) == 0
    text = capsys.readouterr().out
    assert "Lemma 2" in text and "holds" in text and "worst margin" in text


def test_verify_bad_input(capsys):
    assert main(["verify", "--claims", "Theorem 42"]) == 2
    assert "`claims`" in capsys.readouterr().err
    assert main(["verify", "--widths", "abc"]) == 2
    assert main(["verify", "--widths", "1"]) == 2
