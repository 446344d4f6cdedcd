"""Suite-wide policy: float64 everywhere, numpy warnings are errors (no silent NaN); FLINT's
global working precision is restored after every test (some set ``ctx.prec``).

``run_cli(argv)`` runs ``nqm_theory.cli.main`` in-process and returns ``(exit code, stdout,
stderr, seconds)`` (the CLI tests).

The ``readme_numbers`` fixture is ``tools/readme_numbers.py``: tests that measure a figure
the README quotes check the quote with ``readme_numbers.check_measured`` (issue 14).
"""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def readme_numbers():
    """The module ``tools/readme_numbers.py`` (the README's figures and their sources)."""
    spec = importlib.util.spec_from_file_location("readme_numbers",
                                                  ROOT / "tools" / "readme_numbers.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(autouse=True)
def _strict_numpy():
    with np.errstate(all="raise"):
        yield


@pytest.fixture(autouse=True)
def _restore_flint_precision():
    from flint import ctx
    old = ctx.prec
    yield
    ctx.prec = old


@pytest.fixture
def run_cli(capsys):
    """``run_cli(argv) -> (exit code, stdout, stderr, seconds)``."""
    from nqm_theory.cli import main

    def run(argv):
        t = time.perf_counter()
        code = main(argv)
        dt = time.perf_counter() - t
        cap = capsys.readouterr()
        return code, cap.out, cap.err, dt
    return run
