"""Sphinx extension: the errata page, generated from ``proofs_check/ERRATA.md``.

``parse_errata`` reads the file that ``python -m proofs_check`` regenerates and maps each
erratum to the claim it concerns (the published paper's theorem, lemma or proposition
number, or a named statement) and to the sections of ``docs/theory.md`` it cites.  The
``nqm-errata`` directive renders the result as a summary table and one entry per erratum,
with links to the claim's anchor (``claim-...``) and to the sections (``sec-N``,
``sec-N-k``).  ``tests/docs/test_citations.py`` checks the mapping without Sphinx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ERRATA = Path(__file__).resolve().parents[2] / "proofs_check" / "ERRATA.md"

_NUMBERED = re.compile(r"\b(Theorem|Lemma|Proposition|Prop\.)\s*(\d+)")
#: Errata about a statement without a number: keyword of the header -> claim name.
NAMED = {"monotone kernel decrease": "Monotone kernel decrease",
         "general dynamics": "General quadratic dynamics",
         "projected variables": "Projected variables",
         "divergence discussion": "Divergence along p1"}
_SECTION = re.compile(r"§(\d+)(?:\.(\d+))?")
_FIELDS = {"Paper says": "paper", "What is true": "truth", "Evidence": "evidence",
           "Reproduce": "reproduce"}


@dataclass
class Erratum:
    """One entry of ERRATA.md, mapped to the published numbering and the theory sections."""

    key: str
    header: str
    claim: str
    sections: tuple
    paper: str = ""
    truth: str = ""
    evidence: str = ""
    reproduce: str = ""


@dataclass
class Suspect:
    """A §9 suspect that was checked and is not an erratum."""

    text: str
    sections: tuple = field(default_factory=tuple)


def claim_of(header: str) -> str:
    """The claim an erratum header concerns, e.g. ``"Theorem 4"`` or ``"Projected variables"``."""
    m = _NUMBERED.search(header)
    if m:
        kind = "Proposition" if m.group(1) == "Prop." else m.group(1)
        return f"{kind} {m.group(2)}"
    low = header.lower()
    for key, name in NAMED.items():
        if key in low:
            return name
    raise ValueError(f"erratum header names no claim: {header!r}")


def claim_label(claim: str) -> str:
    """The anchor of a claim in ``docs/theory.md``: ``"Theorem 4"`` -> ``"claim-theorem-4"``."""
    return "claim-" + re.sub(r"[^a-z0-9]+", "-", claim.lower()).strip("-")


def section_label(sec: str) -> str:
    """``"9.6"`` -> ``"sec-9-6"``, ``"4"`` -> ``"sec-4"``."""
    return "sec-" + sec.replace(".", "-")


def sections_of(text: str) -> tuple:
    """Every §N or §N.k cited in ``text``, in order, without repeats (``("4", "9.6")``)."""
    out = []
    for major, minor in _SECTION.findall(text):
        s = f"{major}.{minor}" if minor else major
        if s not in out:
            out.append(s)
    return tuple(out)


def parse_errata(text: str | None = None):
    """``(errata, suspects)`` from the text of ERRATA.md (default: the repository's file)."""
    text = ERRATA.read_text() if text is None else text
    errata, suspects, cur, in_suspects = [], [], None, False
    for line in text.splitlines():
        m = re.match(r"## (E\d+)\. (.*)", line)
        if m:
            header = m.group(2)
            cur = Erratum(m.group(1), header, claim_of(header), sections_of(header))
            errata.append(cur)
            continue
        if line.startswith("## "):
            cur, in_suspects = None, "not errata" in line
            continue
        f = re.match(r"- \*\*(.+?):\*\* (.*)", line)
        if cur is not None and f and f.group(1) in _FIELDS:
            value = f.group(2)
            if _FIELDS[f.group(1)] == "reproduce":
                value = value.strip("`")
            setattr(cur, _FIELDS[f.group(1)], value)
        elif in_suspects and line.startswith("- "):
            suspects.append(Suspect(line[2:], sections_of(line)))
    return errata, suspects


def setup(app):
    """Register the ``nqm-errata`` directive."""
    from nqm_errata_directive import ErrataDirective
    app.add_directive("nqm-errata", ErrataDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
