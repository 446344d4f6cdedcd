"""Shared helper of the CLI tests: run ``nqm_theory.cli.main`` in-process and capture it."""
import time

import pytest

from nqm_theory.cli import main


@pytest.fixture
def run_cli(capsys):
    """``run_cli(argv) -> (exit code, stdout, stderr, seconds)``."""
    def run(argv):
        t = time.perf_counter()
        code = main(argv)
        dt = time.perf_counter() - t
        cap = capsys.readouterr()
        return code, cap.out, cap.err, dt
    return run
