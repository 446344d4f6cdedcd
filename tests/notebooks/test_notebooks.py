"""Execute the teaching notebooks top to bottom (nbclient, kernel python3).

Each notebook must run without error within its timeout; together well under 150 s.
The committed .ipynb files must equal what ``notebooks/build_notebooks.py`` generates
and must carry no outputs.
"""
from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
NAMES = sorted(p.name for p in NB_DIR.glob("0[1-4]_*.ipynb"))


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks", NB_DIR / "build_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_four_notebooks_present():
    assert [n[:2] for n in NAMES] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("name", NAMES)
def test_in_sync_with_generator_and_no_outputs(name):
    nb = nbformat.read(NB_DIR / name, as_version=4)
    assert nb == _builder().build(name)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes(name, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("NQM_THEORY_CACHE_DIR", os.environ.get("NQM_THEORY_CACHE_DIR",
                                                              str(tmp_path / "cache")))
    nb = nbformat.read(NB_DIR / name, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=90, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    elapsed = time.perf_counter() - t0
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    assert elapsed < 60, f"{name} took {elapsed:.1f} s"
