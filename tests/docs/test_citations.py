"""Every "§" the repository cites resolves to an anchor of docs/theory.md (default suite).

Citations are "§N", "§N.k", and ranges "§N-M" / "§§N-M" (every section from N to M must
exist).  docs/theory.md declares each section with a MyST label ``(sec-N)=`` or
``(sec-N-k)=`` followed by a heading that starts with the same "§N" / "§N.k".  The errata
page maps every entry of proofs_check/ERRATA.md to a claim anchor ``(claim-...)=`` and to
sections of the theory page; that mapping is checked here too, without Sphinx.
"""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import nqm_errata  # noqa: E402

THEORY = ROOT / "docs" / "theory.md"
CITE = re.compile(r"§§?(\d+)(?:\.(\d+))?(?:\s*[-–]\s*§?(\d+)(?:\.(\d+))?)?")


def anchors(text: str) -> dict:
    """``{"sec-4": "§4 Claims for one example", ...}``: each label and the heading after it."""
    out = {}
    for m in re.finditer(r"^\((sec-[0-9-]+|claim-[a-z0-9-]+)\)=\n(.*)$", text, re.M):
        out[m.group(1)] = m.group(2).lstrip("#* ").strip()
    return out


def cited(text: str) -> set:
    """Section labels cited in ``text`` (ranges expanded)."""
    out = set()
    for a, ak, b, bk in CITE.findall(text):
        out.add(f"sec-{a}-{ak}" if ak else f"sec-{a}")
        if b:
            out.add(f"sec-{b}-{bk}" if bk else f"sec-{b}")
            out.update(f"sec-{k}" for k in range(int(a), int(b) + 1))
    return out


def sources():
    files = [*ROOT.glob("nqm_theory/**/*.py"), *ROOT.glob("proofs_check/**/*.py"),
             ROOT / "proofs_check" / "ERRATA.md", ROOT / "proofs_check" / "REPORT.md",
             ROOT / "README.md", *ROOT.glob("notebooks/*.py")]
    for f in files:
        yield f.relative_to(ROOT), f.read_text()
    for nb in sorted(ROOT.glob("notebooks/*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        yield nb.relative_to(ROOT), "\n".join("".join(c["source"]) for c in cells)


THEORY_ANCHORS = anchors(THEORY.read_text())


def test_theory_sections_are_numbered_like_the_citations():
    secs = {k: v for k, v in THEORY_ANCHORS.items() if k.startswith("sec-")}
    want = {f"sec-{k}" for k in range(1, 10)} | {f"sec-9-{k}" for k in range(1, 8)}
    assert want <= set(secs)
    for label, heading in secs.items():
        number = label[4:].replace("-", ".")
        assert heading.startswith(f"§{number} "), (label, heading)


def test_cite_pattern():
    assert cited("docs/theory.md §3, §9.6 and §§2-3; §5-7") == {
        "sec-3", "sec-9-6", "sec-2", "sec-5", "sec-6", "sec-7"}


def test_every_citation_resolves():
    missing = {}
    n = 0
    for path, text in sources():
        labels = cited(text)
        n += len(labels)
        bad = sorted(labels - set(THEORY_ANCHORS))
        if bad:
            missing[str(path)] = bad
    assert n > 50, "the scan found almost no citations: is the pattern broken?"
    assert not missing, missing


def test_every_erratum_maps_to_a_claim_and_sections_of_the_theory_page():
    errata, suspects = nqm_errata.parse_errata()
    headers = re.findall(r"^## E\d+\.", nqm_errata.ERRATA.read_text(), re.M)
    assert len(errata) == len(headers) >= 1
    for e in errata:
        assert nqm_errata.claim_label(e.claim) in THEORY_ANCHORS, (e.key, e.claim)
        assert e.sections and all(nqm_errata.section_label(s) in THEORY_ANCHORS
                                  for s in e.sections), (e.key, e.sections)
        assert e.paper and e.truth and e.evidence and e.reproduce.startswith("python -m")
    assert all(s.sections for s in suspects)


@pytest.mark.parametrize("header,claim", [
    ("docs/theory.md §4 Theorem 4, proof (bound on w(0)); §9.6: x", "Theorem 4"),
    ("docs/theory.md: docs/theory.md §4 Prop. 2 (threshold): Proposition 2", "Proposition 2"),
    ("docs/theory.md §5, projected variables; §9.3: projected w_i (§9.3)", "Projected variables"),
    ("docs/theory.md: §4 'Monotone kernel decrease'; exact iff", "Monotone kernel decrease"),
])
def test_claim_of_header(header, claim):
    assert nqm_errata.claim_of(header) == claim


def test_unmapped_erratum_is_an_error():
    with pytest.raises(ValueError, match="names no claim"):
        nqm_errata.parse_errata("## E1. docs/theory.md §4, something new: step\n")


def _claims_in(text: str) -> set:
    """Anchors of the claims ``text`` names or declares (``claim-theorem-4``, ...)."""
    out = {("Proposition" if k == "Prop." else k) + f" {n}"
           for k, n in nqm_errata._NUMBERED.findall(text)}
    low = text.lower()
    out |= {name for key, name in nqm_errata.NAMED.items() if key in low}
    return {nqm_errata.claim_label(c) for c in out} | set(re.findall(r"\((claim-[a-z0-9-]+)\)=",
                                                                    text))


def test_errata_cited_by_the_theory_page_exist_and_concern_the_paragraph():
    """Erratum numbers change when errata are merged: each "E<n>" of docs/theory.md must be
    an entry of ERRATA.md about a claim or section that its paragraph discusses."""
    errata = {e.key: e for e in nqm_errata.parse_errata()[0]}
    n, here = 0, set()
    for para in THEORY.read_text().split("\n\n"):
        if para.startswith(("#", "(sec-", "(claim-")):
            here = set()                  # what the current (sub)section discusses
        here |= _claims_in(para) | set(nqm_errata.sections_of(para))
        for key in re.findall(r"\bE(\d+)\b", para):
            n += 1
            e = errata.get(f"E{key}")
            assert e is not None, (key, para[:100])
            concerns = {nqm_errata.claim_label(e.claim)} | _claims_in(" ".join(e.also))
            sections = set(e.sections) - {"4", "5", "6"}      # the chapter alone says little
            assert concerns & here or sections & here, (f"E{key}", e.claim, para[:160])
    assert n >= 15
