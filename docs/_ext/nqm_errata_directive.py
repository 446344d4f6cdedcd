"""The ``nqm-errata`` directive (docutils nodes; see :mod:`nqm_errata` for the parsing)."""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from nqm_errata import ERRATA, claim_label, parse_errata, section_label


def _ref(label: str, text: str):
    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=label,
                                refexplicit=True, refwarn=True)
    ref += nodes.inline(text, text)
    return ref


def _refs(sections) -> list:
    out = []
    for i, s in enumerate(sections):
        if i:
            out.append(nodes.Text(", "))
        out.append(_ref(section_label(s), f"§{s}"))
    return out


def _table(errata):
    table = nodes.table()
    group = nodes.tgroup(cols=3)
    table += group
    for width in (10, 40, 50):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    row = nodes.row()
    for title in ("Erratum", "Claim (published numbering)", "Theory sections"):
        row += nodes.entry("", nodes.paragraph(text=title))
    head += row
    for e in errata:
        row = nodes.row()
        link = nodes.reference("", e.key, refid=f"erratum-{e.key.lower()}", internal=True)
        row += nodes.entry("", nodes.paragraph("", "", link))
        row += nodes.entry("", nodes.paragraph("", "", _ref(claim_label(e.claim), e.claim)))
        row += nodes.entry("", nodes.paragraph("", "", *_refs(e.sections)))
        body += row
    return table


def _entry(e) -> list:
    target = nodes.target("", "", ids=[f"erratum-{e.key.lower()}"])
    title = nodes.rubric(text=f"{e.key}: {e.claim}")
    concerns = nodes.paragraph("", "", nodes.strong(text="Concerns: "),
                               _ref(claim_label(e.claim), e.claim), nodes.Text(" in "),
                               *_refs(e.sections), nodes.Text(". Source heading: "),
                               nodes.emphasis(text=e.header))
    fields = nodes.bullet_list()
    for name, value in (("Paper says", e.paper), ("What is true", e.truth),
                        ("Evidence", e.evidence)):
        fields += nodes.list_item("", nodes.paragraph("", "", nodes.strong(text=f"{name}: "),
                                                      nodes.Text(value)))
    fields += nodes.list_item("", nodes.paragraph("", "", nodes.strong(text="Reproduce: "),
                                                  nodes.literal(text=e.reproduce)))
    return [target, title, concerns, fields]


class ErrataDirective(SphinxDirective):
    """Render every erratum of ``proofs_check/ERRATA.md`` and the §9 suspects that hold."""

    has_content = False

    def run(self):
        self.env.note_dependency(str(ERRATA))
        errata, suspects = parse_errata()
        out = [_table(errata)]
        for e in errata:
            out += _entry(e)
        if suspects:
            out.append(nodes.rubric(text="Suspects of §9 checked and not errata"))
            items = nodes.bullet_list()
            for s in suspects:
                items += nodes.list_item("", nodes.paragraph("", "", nodes.Text(s.text + " ("),
                                                             *_refs(s.sections),
                                                             nodes.Text(")")))
            out.append(items)
        return out
