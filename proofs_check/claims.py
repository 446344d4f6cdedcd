"""The paper's numbered statements as re-checked by :mod:`nqm_theory.theorems`.

Each claim object sweeps widths 1e2..1e12 through the exact map (and parameter-space GD
for Props. 6-9 and Theorem 3).  Mapping to proofs_check statuses:

* ``holds-corrected`` -> ERRATUM: the paper's wording fails on the witness; the claim's
  corrected statement held on every case (else FAIL);
* ``holds`` -> EVIDENCE: a sweep without counterexample is not a proof;
* ``fails`` -> FAIL (no correction that holds); ``not-checked`` -> UNCHECKED.

:func:`appendix` adds the table that ``nqm-theory verify`` prints to REPORT.md (the README
quotes it from there).
"""
from __future__ import annotations

from ._core import StepResult

NAME = "claims"


def _witness(w) -> str:
    if not w:
        return "no witness"
    case = ", ".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
                     for k, v in (w.get("case") or {}).items())
    return (f"{w.get('what', '')}: step {w.get('step')}, measured {w.get('measured'):.6g}, "
            f"bound {w.get('bound'):.6g}, margin {w.get('margin'):.3g} ({case}; "
            f"{w.get('precision')})")


def _status(d) -> str:
    if d["status"] == "holds-corrected":
        return "ERRATUM" if d["corrected_failures"] == 0 else "FAIL"
    return {"holds": "EVIDENCE", "fails": "FAIL", "not-checked": "UNCHECKED"}[d["status"]]


def check():
    from nqm_theory.theorems import claim_names, verify
    out = []
    # the window claims of other activations (issue 11) are not statements of the paper:
    # proofs_check/activations.py reports them as MEASURED
    for v in verify([n for n in claim_names() if not n.startswith("window (")]):
        d = v.to_dict()
        cmd = f"nqm-theory verify --claims \"{d['claim']}\" --json"
        evidence = (f"{d['cases']} cases, {d['failures']} failures of the printed form, "
                    f"{d['corrected_failures']} of the corrected form; decided by "
                    f"{d['decided_precision']}; witness: {_witness(d['witness'])}; "
                    f"reproduce: `{cmd}`")
        truth = d["corrected_statement"] or d["statement"]
        out.append(StepResult(NAME, d["claim"], _status(d), d["statement"], truth, evidence,
                              f"docs/theory.md: {d['version']}", extra={"verdict": v}))
    return out


def appendix(results) -> str:
    """The table of ``nqm-theory verify`` for these results (empty if the sweep failed)."""
    verdicts = [r.extra["verdict"] for r in results if "verdict" in r.extra]
    if not verdicts:
        return ""
    from nqm_theory._cli.verify import table
    return ("The same sweep as printed by `nqm-theory verify` (the README quotes this "
            "table):\n\n```\n" + table(verdicts) + "\n```")
