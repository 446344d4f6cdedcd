"""Packaging a researcher can cite: one version everywhere, LICENSE, CITATION.cff, CHANGELOG."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nqm_theory

ROOT = Path(__file__).resolve().parents[2]


def _cff_field(text: str, key: str, indent: str = "") -> str:
    m = re.search(rf"^{indent}{key}:\s*\"?([^\"\n]+?)\"?\s*$", text, re.M)
    assert m, f"CITATION.cff has no top-level `{key}`"
    return m.group(1)


def test_version_flag_prints_the_package_version():
    out = subprocess.run([sys.executable, "-m", "nqm_theory", "--version"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"nqm-theory {nqm_theory.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", nqm_theory.__version__)


def test_pyproject_reads_the_version_from_the_package():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in meta["project"] and "version" in meta["project"]["dynamic"]
    attr = meta["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "nqm_theory.__version__"
    assert meta["project"]["license"] == "BSD-3-Clause"
    assert meta["project"]["license-files"] == ["LICENSE"]


def test_citation_cff_version_and_paper():
    text = (ROOT / "CITATION.cff").read_text()
    assert _cff_field(text, "cff-version") == "1.2.0"
    assert _cff_field(text, "version") == nqm_theory.__version__
    assert _cff_field(text, "license") == "BSD-3-Clause"
    paper = text[text.index("preferred-citation:"):]
    for family in ("Zhu", "Liu", "Radhakrishnan", "Belkin"):
        assert re.search(rf"family-names: {family}\n", paper), family
    assert "2205.11787" in paper and "year: 2024" in paper and "ICLR" in paper


def test_license_is_bsd3_and_changelog_has_unreleased_and_current_version():
    lic = (ROOT / "LICENSE").read_text()
    assert lic.startswith("BSD 3-Clause License") and "the nqm_theory developers" in lic
    assert "Neither the name of the copyright holder" in lic
    log = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in log
    assert f"## [{nqm_theory.__version__}]" in log
