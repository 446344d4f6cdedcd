"""Sphinx configuration of the nqm_theory documentation.

Build (warnings are errors)::

    python3 -m pip install ".[docs]"
    sphinx-build -W --keep-going -b html docs docs/_build/html

The notebooks are rendered with their stored outputs (never executed here); they are
copied from ``notebooks/`` into ``docs/notebooks/`` (generated, git-ignored) at start-up.
The errata page is generated from ``proofs_check/ERRATA.md`` by ``_ext/nqm_errata.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

import nqm_theory  # noqa: E402  (after the path set-up)

project = "nqm_theory"
author = "the nqm_theory developers"
copyright = "2026, the nqm_theory developers"
version = release = nqm_theory.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "nqm_errata",
    "nqm_docstrings",
]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
templates_path: list = []
html_theme = "alabaster"
html_static_path: list = []
html_theme_options = {"description": "Exact GD on neural quadratic models and the catapult",
                      "page_width": "1100px", "sidebar_width": "240px"}

# --- MyST / notebooks ---------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"          # render the stored outputs; never execute at build time
nb_merge_streams = True

# --- autodoc / numpydoc ---------------------------------------------------------------------
autosummary_generate = False       # the API pages list their objects explicitly
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"         # numpydoc sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
#: Docstring checks run on every documented object: it must have a docstring (GL08) with a
#: one-line summary (SS01).  Exempt: the objects of the modules being rewritten in parallel
#: (``nqm_docstrings.PARALLEL``; see the issue-14 report) and data (no docstring of their own).
numpydoc_validation_checks = {"GL08", "SS01"}


def _validation_exclude() -> set:
    import importlib
    import re

    from nqm_docstrings import PARALLEL
    out = {r"\.(CLAIMS|EXPERIMENTS|UNITS|DEFAULTS|STATUSES|DEFAULT_WIDTHS|LABELS"
           r"|DEFAULT_DELTAS|DEFAULT_LABELS|KINDS)$"}
    for pkg in ("nqm_theory", "nqm_theory.grid", "nqm_theory.dynamics", "nqm_theory.multi",
                "nqm_theory.theorems", "nqm_theory.scaling", "nqm_theory.experiments",
                "nqm_theory.params"):
        mod = importlib.import_module(pkg)
        for name in mod.__all__:
            if PARALLEL.match(getattr(getattr(mod, name), "__module__", None) or ""):
                out.add(rf"^{re.escape(pkg)}\.{name}(\.|$)")
    return out


numpydoc_validation_exclude = _validation_exclude()


def _copy_notebooks() -> None:
    """Copy ``notebooks/*.ipynb`` into ``docs/notebooks/`` when they differ (atomic writes)."""
    from nqm_theory._io import atomic_write_text
    dest = DOCS / "notebooks"
    for src in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = src.read_text()
        target = dest / src.name
        if not target.exists() or target.read_text() != text:
            atomic_write_text(target, text)


_copy_notebooks()
