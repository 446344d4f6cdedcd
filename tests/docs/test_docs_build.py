"""The documentation site builds with warnings as errors (marker `docs`; needs `.[docs]`).

Run with `python3 -m pytest -m docs`; .ci/run installs `.[docs]` first.
"""
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.docs
def test_sphinx_build_has_no_warnings(tmp_path):
    out = tmp_path / "html"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
                           "-q", "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-6000:]
    assert "WARNING" not in proc.stderr and "ERROR" not in proc.stderr, proc.stderr[-6000:]
    assert elapsed < 120, f"docs build took {elapsed:.0f} s (budget: 2 minutes)"
    theory = (out / "theory.html").read_text()
    ids = set(re.findall(r'id="(sec-[0-9-]+)"', theory))
    assert {f"sec-{k}" for k in range(1, 10)} | {f"sec-9-{k}" for k in range(1, 8)} <= ids
    assert theory.count('class="math') > 50                             # MathJax maths
    errata = (out / "errata.html").read_text()
    n = len(re.findall(r"^## E\d+\.", (ROOT / "proofs_check/ERRATA.md").read_text(), re.M))
    assert all(f'id="erratum-e{k}"' in errata for k in range(1, n + 1))
    assert errata.count('href="theory.html#claim-') >= n                   # claim links resolved
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (out / "notebooks" / f"{nb.stem}.html").exists(), nb.name
    api = (out / "api" / "core.html").read_text()
    assert 'id="nqm_theory.iterate"' in api and "Returns" in api          # numpydoc sections
    assert (out / "explorer.html").exists() and 'href="explorer.html"' in theory
