"""proofs_check: full run exits 0 and reports every proof; wrong steps are caught."""
from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:          # proofs_check is a top-level folder, not installed
    sys.path.insert(0, str(ROOT))

from proofs_check import PROOFS, STATUSES, main, run_checks  # noqa: E402
from proofs_check._interval import prove_positive  # noqa: E402
from proofs_check._search import search  # noqa: E402


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("NQM_THEORY_CACHE_DIR", str(out / "cache"))
    proc = subprocess.run([sys.executable, "-m", "proofs_check", "--report-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return proc, (out / "REPORT.md").read_text(), (out / "ERRATA.md").read_text()


def test_full_run_exits_zero(full_run):
    proc, report, _ = full_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "OK (0 failing steps)" in proc.stdout


def test_report_covers_every_proof(full_run):
    _, report, _ = full_run
    for name in PROOFS:
        assert f"## {name}:" in report
    rows = [ln for ln in report.splitlines() if ln.startswith("| ") and "**" in ln]
    statuses = {re.search(r"\*\*(\w+)\*\*", ln).group(1) for ln in rows}
    assert statuses <= set(STATUSES) - {"FAIL", "ERROR"}
    assert len(rows) >= 40


def test_tracked_report_and_errata_are_regenerated_byte_for_byte(full_run):
    """REPORT.md / ERRATA.md hold nothing run-dependent: the full run rewrites them exactly."""
    proc, report, errata = full_run
    assert report == (ROOT / "proofs_check" / "REPORT.md").read_text(), \
        "run `python -m proofs_check` and commit proofs_check/REPORT.md"
    assert errata == (ROOT / "proofs_check" / "ERRATA.md").read_text(), \
        "run `python -m proofs_check` and commit proofs_check/ERRATA.md"
    assert re.search(r"^\[theorem4\] \d+\.\d s$", proc.stdout, re.M)   # timings: terminal
    assert not re.search(r"\d s[;)]", report)


def test_errata_are_specific_and_reproducible(full_run):
    _, report, errata = full_run
    entries = errata.split("\n## E")[1:]
    also = [int(n) for n in re.findall(r"\*\*Also found by:\*\* (\d+) more", errata)]
    assert len(entries) + sum(also) == report.count("**ERRATUM**") >= 10
    assert f"{len(entries)} errata, found by {report.count('**ERRATUM**')} checks" in errata
    w0 = [e for e in entries if "w(0)" in e.splitlines()[0]]    # one erratum, four places
    assert len(w0) == 1 and "3 more check(s)" in w0[0]
    for proof in ("theorem4", "lemma1", "claims"):
        assert f"`python -m proofs_check --only {proof}`" in w0[0]
    heads = [e.splitlines()[0] for e in entries]
    assert len(set(heads)) == len(heads)
    assert not any("docs/theory.md: docs/theory.md" in h or re.search(r"(§[\d.]+).*\(\1\)$", h)
                   for h in heads), heads                           # no garbled headings
    for e in entries:
        assert "docs/theory.md §" in e.splitlines()[0]
        for field in ("**Paper says:**", "**What is true:**", "**Evidence:**"):
            assert field in e
        assert re.search(r"`python -m proofs_check --only \w+`", e)
    for suspect in ("§9.1", "§9.2", "§9.3", "§9.4", "§9.6"):
        assert suspect in errata


def test_errata_of_several_checks_are_merged_and_unknown_ones_kept():
    from proofs_check._core import StepResult
    from proofs_check._errata import errata_lines, group_errata, heading

    def err(proof, step, claim="c", loc="docs/theory.md §4 X"):
        return StepResult(proof, step, "ERRATUM", claim, "t", "e", loc)
    results = {"theorem4": ([err("theorem4", "bound on |w(0)| (§9.6)"),
                             StepResult("theorem4", "ok", "PASS", "p")], 0.0),
               "lemma1": ([err("lemma1", "bound on |w(0)| (§9.6)", claim="c2"),
                           err("lemma1", "a new step")], 0.0)}
    groups = group_errata(results, PROOFS)
    assert [len(found) for _, found in groups] == [2, 1]
    assert "|w(0)|" in groups[0][0] and groups[1][0] == "docs/theory.md §4 X: a new step"
    text = "\n".join(errata_lines(groups))
    assert text.count("\n## E") == 1 and text.startswith("## E1.") and "## E2." in text
    assert "1 more check(s)" in text and "paper says: c2" in text
    assert heading("docs/theory.md: docs/theory.md §4 Y", "Lemma 2") == "docs/theory.md §4 Y: Lemma 2"
    assert heading("docs/theory.md §4 Y; §9.6", "w bound (§9.6)") == "docs/theory.md §4 Y; §9.6: w bound"


def test_only_flag_runs_one_proof_and_writes_nothing_by_default(tmp_path, capsys):
    assert main(["--only", "dynamics"]) == 0
    out = capsys.readouterr().out
    assert "[dynamics]" in out and "[uvw]" not in out
    assert main(["--only", "uvw", "--report-dir", str(tmp_path)]) == 0
    assert "## uvw:" in (tmp_path / "REPORT.md").read_text()
    assert "## dynamics:" not in (tmp_path / "REPORT.md").read_text()


def test_wrong_printed_equation_is_reported_as_erratum(monkeypatch):
    from proofs_check import dynamics
    from nqm_theory.symbolic.symbols import c, eta, g, lam, r
    wrong = lam + eta * c * r**2 * (4 * g / r - eta * lam)        # sign flipped
    monkeypatch.setitem(dynamics.PAPER, "lambda(t+1)", wrong)
    res = {s.step: s for s in run_checks(["dynamics"])["dynamics"][0]}
    assert res["lambda(t+1)"].status == "ERRATUM"
    assert res["r(t+1)"].status == "PASS"


def test_failed_check_makes_exit_nonzero(monkeypatch, tmp_path):
    from proofs_check import nqm_derivation

    def broken(m, d):
        return {"S0": True, "S1": True, "S2": False, "S3": True}
    monkeypatch.setattr(nqm_derivation, "check_structural_identities", broken)
    res = {s.step: s.status for s in run_checks(["nqm_derivation"])["nqm_derivation"][0]}
    assert res["S2"] == "FAIL" and res["S1"] == "PASS"
    assert main(["--only", "nqm_derivation", "--report-dir", str(tmp_path)]) == 1
    assert "**FAIL**" in (tmp_path / "REPORT.md").read_text()


def test_wrong_chain_constant_is_not_passed(monkeypatch):
    """A deliberately wrong step of Theorem 4's chain (C_v = 4 < 48/11) must FAIL."""
    from proofs_check import theorem4
    steps = theorem4.chain_steps()
    label, _, strict, norm = steps[2]
    wrong = [(label, lambda X: 4 - 4 / (1 - X["sigma"] / 12), strict, norm)]
    monkeypatch.setattr(theorem4, "chain_steps", lambda: wrong)
    monkeypatch.setattr(theorem4, "_map_steps", lambda: [])
    res = {s.step: s.status for s in theorem4.check()}
    assert res[label + " [corrected constants]"] == "FAIL"


def test_module_exception_is_error_not_pass(monkeypatch):
    from proofs_check import prop9
    monkeypatch.setattr(prop9, "check", lambda: 1 / 0)
    (step,) = run_checks(["prop9"])["prop9"][0]
    assert step.status == "ERROR" and "ZeroDivisionError" in step.evidence


def test_interval_prover_and_search():
    assert prove_positive(lambda X: X["a"] * (2 - X["a"]) + 1, {"a": (0, 2)}).proven
    pr = prove_positive(lambda X: X["a"] - 1, {"a": (0, 2)}, max_boxes=200)
    assert not pr.proven
    assert any(lo <= 1 <= hi for b in pr.unsettled for lo, hi in [b["a"]])
    bad = search(lambda P: P["a"] - 1, {"a": (0, 2)}, dense=5, n_random=0)
    assert [float(p["a"]) for p, _ in bad] == [0.0, 0.5, 1.0]


def test_prop6_exact_law_small_m_closed_form():
    """m = 1: fail iff s = 0 (prob 1/2) or s = 1 and Z^2 > 1/2 (independent formula)."""
    from proofs_check.prop6 import log_fail
    want = 0.5 + 0.5 * 2 * stats.norm.sf(math.sqrt(0.5))
    assert math.exp(log_fail(1)) == pytest.approx(want, rel=1e-12)


def test_prop8_reduces_to_prop6_when_rho_zero():
    from proofs_check.prop6 import log_fail
    from proofs_check.prop8 import p_fail
    for m in (5, 40):
        assert p_fail(m, 0.0) == pytest.approx(math.exp(log_fail(m)), rel=1e-9)
