"""Cell helpers of the teaching notebooks (used by ``notebooks/build_notebooks.py``).

``md`` is prose written here; it may quote the notebook's *inputs* (a width, a learning
rate) but never a number the notebook computes: such numbers are printed by the code
cells, or written by them as Markdown with ``display(Markdown(f"..."))``, and every
qualitative claim of the prose is asserted by the code that follows it.
``solution`` is a code cell collapsed in Jupyter and in the documentation site.
"""
from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell

__all__ = ["md", "code", "solution", "SETUP"]

#: First lines of every notebook: inline figures of a fixed size and resolution.
SETUP = ("%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
         "from IPython.display import Markdown, Math, display\n"
         'plt.rcParams.update({"figure.dpi": 72, "figure.figsize": (6.4, 3.6)})')


def md(text):
    """A Markdown cell (prose; see the module docstring for what it may quote)."""
    return new_markdown_cell(text.strip())


def code(text):
    """A code cell."""
    return new_code_cell(text.strip())


def solution(text):
    """A worked solution: a code cell whose source is collapsed (Jupyter, myst-nb)."""
    cell = new_code_cell(text.strip())
    cell.metadata["jupyter"] = {"source_hidden": True}
    cell.metadata["tags"] = ["solution", "hide-input"]
    return cell
