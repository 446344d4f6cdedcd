"""ERRATA.md: one entry per erratum, however many checks find it (format only, no mathematics).

Several proof modules, and the claim sweep of ``nqm-theory verify`` (module ``claims``),
find the same error of the paper at different places: the bound on ``|w(0)|`` of §9.6 is
reported by the proofs of Theorem 4 and Lemma 1 and by the claims Lemma 1 and Theorem 4.
:data:`SAME` lists, per erratum, a title and the ``(proof, step)`` of every check that
reports it; :func:`group_errata` puts the ERRATUM steps of a run into those groups (an
ERRATUM step that no group names is an erratum of its own, so a new or renamed step is
never lost) and :func:`errata_lines` writes the entries: the first check's statement,
correction, evidence and command, then every other location under "Also found by".
"""
from __future__ import annotations

import re

__all__ = ["SAME", "group_errata", "errata_lines", "heading"]

#: (title, ((proof, step), ...)): the checks that report one erratum, first = main entry
#: (a single check where the raw location would make a poor title).
SAME = (
    ("docs/theory.md §4 Theorem 4 and Lemma 1, proofs; §9.6: the bound on |w(0)|",
     (("theorem4", "bound on |w(0)| (§9.6)"), ("lemma1", "bound on |w(0)| (§9.6)"),
      ("claims", "Lemma 1"), ("claims", "Theorem 4"))),
    ("docs/theory.md §4 Theorem 4, proof constants: the printed C_kappa is too small",
     (("theorem4", "(d) with the printed C_kappa"),
      ("theorem4", "conclusion with the printed constants (exact map)"))),
    ("docs/theory.md §4 Proposition 2: the threshold on u(t)",
     (("props1_5", "Proposition 2 threshold"), ("claims", "Proposition 2"))),
    ("docs/theory.md §4 Theorem 2: the fixed points and the Jacobian at u* = 0",
     (("theorem2", "Jacobian at u* = 0"), ("claims", "Theorem 2"))),
    ("docs/theory.md §4 Theorem 5 and the divergence discussion; §9.1: the sign of R_lambda",
     (("theorem5", "sign of R_lambda when eta*lambda > 4 (§9.1)"), ("claims", "Theorem 5"))),
    ("docs/theory.md §6 Proposition 10: the map of the general quadratic model",
     (("prop10", "Proposition 10 map"), ("claims", "Proposition 10"))),
    # found by one check, with a title instead of the sweep's raw location
    ("docs/theory.md §4 Proposition 4: v keeps decreasing after T2 (the threshold of Prop. 2)",
     (("claims", "Proposition 4"),)),
    ("docs/theory.md §4, catapult phase: monotone kernel decrease",
     (("claims", "monotone kernel decrease"),)),
)


def heading(location: str, step: str) -> str:
    """``location: step`` without the repeats of the raw fields.

    The claim sweep's locations read ``"docs/theory.md: docs/theory.md §4 ..."`` and step labels end
    with the section the location already names (``"... §9.6: bound on |w(0)| (§9.6)"``).

    Examples
    --------
    >>> heading("docs/theory.md: docs/theory.md §4 Prop. 2 (threshold)", "Proposition 2")
    'docs/theory.md §4 Prop. 2 (threshold): Proposition 2'
    >>> heading("docs/theory.md §4 Lemma 1, proof; §9.6", "bound on |w(0)| (§9.6)")
    'docs/theory.md §4 Lemma 1, proof; §9.6: bound on |w(0)|'
    """
    location = re.sub(r"^docs/theory\.md:\s*(?=docs/theory\.md)", "", location.strip())
    m = re.search(r"\s*\((§[\d.]+)\)$", step)
    if m and m.group(1) in location:
        step = step[:m.start()]
    return f"{location}: {step}"


def group_errata(results: dict, proofs: dict) -> list:
    """``[(title, [(location, StepResult), ...]), ...]`` in the order of first appearance."""
    where = {key: i for i, (_, keys) in enumerate(SAME) for key in keys}
    groups, index = [], {}
    for name, (res, _) in results.items():
        for r in res:
            if r.status != "ERRATUM":
                continue
            loc = r.location or proofs[name][1]
            g = where.get((name, r.step))
            key = ("same", g) if g is not None else ("own", name, r.step)
            if key not in index:
                index[key] = len(groups)
                groups.append((SAME[g][0] if g is not None else heading(loc, r.step), []))
            groups[index[key]][1].append((loc, r))
    return groups


def _one_line(text) -> str:
    return " ".join(str(text).split())


def errata_lines(groups: list) -> list:
    """Markdown lines of the numbered entries (``## E1. title``, fields, other locations)."""
    lines = []
    for k, (title, found) in enumerate(groups, 1):
        _, r = found[0]
        lines += [f"## E{k}. {title}", "",
                  f"- **Paper says:** {_one_line(r.claim)}",
                  f"- **What is true:** {_one_line(r.truth)}",
                  f"- **Evidence:** {_one_line(r.evidence)}",
                  f"- **Reproduce:** `{r.command}`"]
        if len(found) > 1:
            lines.append(f"- **Also found by:** {len(found) - 1} more check(s) of the same "
                         "error, each at its place:")
            for loc, o in found[1:]:
                parts = [f"{heading(loc, o.step)}"]
                if o.claim != r.claim:
                    parts.append(f"paper says: {_one_line(o.claim)}")
                if o.truth != r.truth:
                    parts.append(f"what is true: {_one_line(o.truth)}")
                parts.append(f"evidence: {_one_line(o.evidence)}")
                lines.append(f"  - {'; '.join(parts)} (`{o.command}`)")
        lines.append("")
    return lines
