"""The API reference pages document every public name exactly once (default suite, no Sphinx)."""
import importlib
import re
from pathlib import Path

import nqm_theory

API = Path(__file__).resolve().parents[2] / "docs" / "api"
SUBPACKAGES = ("grid", "dynamics", "multi", "theorems", "scaling", "experiments", "params",
               "maps", "activations", "data")
_DIRECTIVE = re.compile(r"^\.\. (?:autofunction|autoclass|autoexception|py:data):: (\S+)$", re.M)


def documented() -> list:
    return [name for page in sorted(API.glob("*.rst")) for name in _DIRECTIVE.findall(
        page.read_text())]


def test_every_public_name_is_documented_once():
    names = documented()
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    want = {f"nqm_theory.{n}" for n in nqm_theory.__all__}
    top = set(nqm_theory.__all__)
    for sub in SUBPACKAGES:
        mod = importlib.import_module(f"nqm_theory.{sub}")
        want |= {f"nqm_theory.{sub}.{n}" for n in mod.__all__ if n not in top}
    assert want <= set(names), sorted(want - set(names))


def test_every_api_page_is_in_the_toctree_and_links_its_theory_section():
    index = (API / "index.rst").read_text()
    for page in API.glob("*.rst"):
        if page.name != "index.rst":
            assert f"   {page.stem}\n" in index, page.name
            assert re.search(r":ref:`§\d+ <sec-\d+>`", page.read_text()), page.name
