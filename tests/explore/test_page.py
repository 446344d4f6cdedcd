"""Structure of the explorer folder and the ``explore`` command (no browser needed)."""
import contextlib
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from explore_helpers import INPUTS, RESULT_IDS
from nqm_theory.cli import main
from nqm_theory.explore import page as page_mod
from nqm_theory.grid.states import linear_axis, log_axis
from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.maps import one_example_map


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs, self.maths = set(), [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("src", "href"):
            if key in a:
                self.refs.append((tag, a[key]))
        self.maths += tag == "math"


@pytest.fixture(scope="module")
def tags(explorer_dir):
    p = _Tags()
    p.feed((explorer_dir / "index.html").read_text())
    return p


def test_contract_ids_are_present(tags):
    need = set(RESULT_IDS) | {f"in-{k}" for k in INPUTS} | {
        "message", "plot-loss", "plot-kernel", "plot-uvw", "plot-phase", "map-source"}
    assert need <= tags.ids


def test_every_reference_is_a_file_of_the_folder(explorer_dir, tags):
    scripts = [r for t, r in tags.refs if t in ("script", "link")]
    assert scripts == ["explorer.css", "plotly.min.js", "map.js", "core.js", "data.js",
                       "explorer.js"]
    for tag, ref in tags.refs:
        if tag == "a" and ref == "#":
            continue
        assert not re.match(r"^[a-z]+:|^//", ref), ref   # no scheme: nothing remote
        assert (explorer_dir / ref).is_file(), ref


def test_own_files_name_no_web_address(explorer_dir):
    for name in page_mod.OWN_FILES:
        text = (explorer_dir / name).read_text()
        assert "http://" not in text and "https://" not in text, name
    js, lic = page_mod.plotly_files()
    assert (explorer_dir / "plotly.min.js").read_bytes() == js.read_bytes()
    assert "MIT" in (explorer_dir / "plotly-LICENSE.txt").read_text()


def test_the_map_is_the_printed_one(explorer_dir):
    source = one_example_map().source("javascript")
    assert (explorer_dir / "map.js").read_text() == source
    for name in ("core.js", "explorer.js"):   # no second, hand-typed map
        assert "function step" not in (explorer_dir / name).read_text()
    from html import unescape
    html = (explorer_dir / "index.html").read_text()
    shown = re.search(r'<code id="map-source">(.*?)</code>', html, re.S).group(1)
    assert unescape(shown) == source


def test_every_derivation_step_is_shown(explorer_dir, tags):
    html = (explorer_dir / "index.html").read_text()
    D = derive_one_example()
    for st in D.steps:
        assert st.title in html
    n_eq = sum(len(st.equations) for st in D.steps)
    assert tags.maths == 2 + n_eq + len(D.uvw_map.state)   # NQM formula, steps, result
    assert "λ<sub>0</sub> = 1" in html.replace("&lambda;", "λ")


def test_embedded_phase_diagram_axes_and_defaults(explorer_dir):
    text = (explorer_dir / "data.js").read_text()
    data = json.loads(text[text.index("{"):text.rindex("}") + 1])
    ph = data["phase"]
    assert np.array_equal(ph["eta_lam0"], linear_axis(0.05, 4.55, 90))
    assert np.array_equal(ph["width"], log_axis(1e1, 1e9, 60))
    assert np.asarray(ph["regime"]).shape == (90, 60)
    assert (ph["g0"], ph["y"], ph["x2d"], ph["lam0"]) == (0.7, 0.3, 1.0, 1.0)
    assert data["steps"] == 10000 and data["loss_tol"] == 1e-24 and data["overflow"] == 1e100


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv, words", [
    (["--out", "FILE"], "exists and is not a directory"),
    (["--out", "D", "--steps", "0"], "`--steps`"),
    (["--out", "D", "--steps", "1.5"], "`--steps`"),
    (["--out", "D", "--width-range", "1e5", "1e2"], "`--width-range` needs LOW < HIGH"),
    (["--out", "D", "--width-range", "-1", "1e2"], "`--width-range LOW`"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, argv, words):
    (tmp_path / "FILE").write_text("x")
    argv = [str(tmp_path / a) if a in ("FILE", "D") else a for a in argv]
    code, out, err = _run(["explore", *argv])
    assert code == 2 and words in err and err.count("\n") == 1
    assert not (tmp_path / "D").exists()


def test_missing_plotly_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "plotly", None)   # import plotly -> ImportError
    code, out, err = _run(["explore", "--out", str(tmp_path / "D")])
    assert code == 2 and "nqm_theory[explore]" in err
    assert not (tmp_path / "D").exists()


def test_a_failed_build_leaves_the_old_folder(tmp_path, monkeypatch):
    old = tmp_path / "D"
    old.mkdir()
    (old / "keep.txt").write_text("old")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(page_mod.shutil, "copyfile", broken)   # inside the atomic folder
    with pytest.raises(RuntimeError):
        page_mod.write_explorer(old, grid=(3, 2), steps=50)
    assert [p.name for p in old.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".D.")]


def test_small_build_through_the_api(tmp_path):
    index = page_mod.write_explorer(tmp_path / "small", grid=(3, 2), steps=50,
                                    width_range=(1e2, 1e4))
    assert index == Path(tmp_path / "small" / "index.html") and index.is_file()
    text = (index.parent / "data.js").read_text()
    data = json.loads(text[text.index("{"):text.rindex("}") + 1])
    assert data["width_range"] == [1e2, 1e4] and data["phase"]["steps"] == 50
    assert np.asarray(data["phase"]["regime"]).shape == (3, 2)
    assert (index.parent.stat().st_mode & 0o755) == 0o755
