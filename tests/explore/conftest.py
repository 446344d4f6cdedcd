"""Fixture of the explorer tests: the page, built once per session by ``nqm-theory explore``."""
import contextlib
import io

import pytest

from nqm_theory.cli import main


@pytest.fixture(scope="session")
def explorer_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer") / "page"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["explore", "--out", str(out), "--no-progress"])
    assert code == 0, err.getvalue()
    return out
