"""Generate the teaching notebooks 01-04, execute them and store them with their outputs.

Run ``python notebooks/build_notebooks.py`` after editing the cells (``nb_01_02.py``,
``nb_03_04.py``; helpers in ``nb_cells.py``).  Each notebook is built from its cells
(:func:`build`), executed top to bottom in a fresh kernel with nbclient from the
repository root (:func:`execute`) and written atomically with its outputs.  The outputs
are deterministic (fixed seeds, no timings, paths or memory addresses), so
``tests/notebooks`` can check that the stored notebooks are this script's cells, run them
again and compare every number they print with the stored one.  Each notebook ends with
exercises and worked solutions (collapsed code cells that run like any other).
"""
from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nb_01_02 import NB01, NB02  # noqa: E402
from nb_03_04 import NB03, NB04  # noqa: E402

__all__ = ["NOTEBOOKS", "build", "execute", "strip_outputs", "main"]

NOTEBOOKS = {"01_network_to_uvw_map.ipynb": NB01, "02_regimes_and_catapult.ipynb": NB02,
             "03_phase_diagrams_and_width.ipynb": NB03, "04_theorems_and_errata.ipynb": NB04}
_METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
             "language_info": {"name": "python"}}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` as cells without outputs (what the stored file is, stripped)."""
    nb = new_notebook(cells=copy.deepcopy(NOTEBOOKS[name]))
    nb.metadata.update(copy.deepcopy(_METADATA))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    return nb


def execute(nb: nbformat.NotebookNode, timeout: int = 300) -> nbformat.NotebookNode:
    """Run ``nb`` in a fresh python3 kernel from the repository root (a copy, with outputs).

    No timing metadata is recorded and the notebook metadata is kept as built (nbclient
    would add the kernel's exact Python version), so the result depends only on the cells.
    """
    from nbclient import NotebookClient
    out = copy.deepcopy(nb)
    env = {"PYTHONHASHSEED": "0"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(out, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out.metadata = copy.deepcopy(nb.metadata)
    return out


def strip_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without outputs and execution counts (compare with :func:`build`)."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return out


def main(names=None) -> None:
    """Build, execute and write the notebooks (default: all four)."""
    from nqm_theory._io import atomic_write_text
    for name in names or NOTEBOOKS:
        nb = execute(build(name))
        atomic_write_text(HERE / name, nbformat.writes(nb) + "\n")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main(sys.argv[1:] or None)
