"""Sphinx extension: render the ASCII mathematics of modules being rewritten in parallel.

Docstrings in this package write norms as ``|x|`` in plain text, which reStructuredText
reads as a substitution reference.  In modules that this documentation work may edit, the
docstrings were fixed (the mathematics is in double backticks).  The modules listed in
:data:`PARALLEL` were being rewritten by other work when the site was set up, so their
docstrings are not edited here; instead, for objects defined in them, every bare ``|``
outside inline literals, literal blocks, ``.. math::`` blocks and doctests is escaped
when the docstring is read.  Nothing else is changed, and no warning is suppressed.
Remove a module from :data:`PARALLEL` once its docstrings are fixed at the source.
"""
from __future__ import annotations

import re

#: Modules (prefixes of ``obj.__module__``) whose docstrings are escaped, not edited.
PARALLEL = re.compile(r"^nqm_theory\.(symbolic\.compile|core|grid|dynamics|theorems\._runs"
                      r"|scaling\.peak|multi\.reduction|params|data|experiments\.generaliz)")

_CODE = re.compile(r"(``.*?``|`[^`]*`_?)")


def escape_bars(line: str) -> str:
    """Escape ``|`` outside inline literals and roles: ``|x|^2`` -> ``\\|x\\|^2``."""
    parts = _CODE.split(line)
    return "".join(p if i % 2 else re.sub(r"(?<!\\)\|", r"\\|", p) for i, p in enumerate(parts))


def escape_docstring(lines: list) -> list:
    """``lines`` with bars escaped, except in literal/math blocks and doctest lines."""
    out, block = [], None        # block: indentation of the line that opened a :: block
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if block is not None and (not line.strip() or indent > block):
            out.append(line)
            continue
        block = None
        if line.lstrip().startswith(">>>") or line.lstrip().startswith("..."):
            out.append(line)
            continue
        out.append(escape_bars(line))
        if line.rstrip().endswith("::"):
            block = indent
    return out


def _process(app, what, name, obj, options, lines):
    module = getattr(obj, "__module__", None) or ""
    if PARALLEL.match(module):
        lines[:] = escape_docstring(lines)


def setup(app):
    """Connect the escaping to ``autodoc-process-docstring``."""
    app.connect("autodoc-process-docstring", _process)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
