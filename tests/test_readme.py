"""README: its Python examples run as written, its commands print numbers, and every figure it
quotes is the one generated from the code and the tracked results (issue 14, item 6).

The figures and their sources are listed in ``tools/readme_numbers.py``.  Those generated
from tracked files are compared here (milliseconds); those measured by a test of the
default suite are compared by that test; ``tools/measurements.json`` is compared here and
re-measured by the exhaustive test at the end.
"""
import contextlib
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from nqm_theory.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def test_python_blocks_of_the_readme_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no Python example"
    for code in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})   # the project's own README
        if "fixed_points(logistic)" in code:
            assert "[0, (r - 1)/r]" in out.getvalue()
            assert "function step(_x, _p)" in out.getvalue()


def test_the_two_set_up_commands_are_unchanged():
    text = README.read_text()
    assert "```bash\npython3 -m pip install . && nqm-theory report --out nqm_report\n```" in text
    assert '```bash\npython3 -m pip install ".[test]" && python3 -m pytest\n```' in text


@pytest.mark.parametrize("key", ["errata", "verify_table", "verify_widths", "bench",
                                 "exact_cap", "exact_json", "tolerances", "phase_defaults",
                                 "small_delta"])
def test_figures_generated_from_files_and_code(key, readme_numbers):
    assert key in readme_numbers.FROM_FILES
    assert readme_numbers.quoted(key) == readme_numbers.generated(key), \
        f"README.md is stale for {key!r}: see `python tools/readme_numbers.py`"


@pytest.mark.parametrize("key", ["scaling_beta", "scaling_edges", "uncertainty",
                                 "log_periodic"])
def test_figures_from_the_committed_measurements(key, readme_numbers):
    assert readme_numbers.quoted(key) == readme_numbers.generated(key)


def test_every_figure_has_a_source_and_a_check(readme_numbers):
    rn = readme_numbers
    sources = set(rn.FROM_FILES) | set(rn.FROM_TESTS) | set(rn.FROM_MEASUREMENTS)
    assert sources == set(rn.PATTERNS)
    assert not set(rn.FROM_FILES) & set(rn.FROM_TESTS) and not \
        set(rn.FROM_TESTS) & set(rn.FROM_MEASUREMENTS)
    for key, test in rn.FROM_TESTS.items():
        rn.quoted(key)                                      # quoted exactly once
        assert f'check_measured("{key}"' in (ROOT / test).read_text(), (key, test)
    m = json.loads(rn.MEASUREMENTS.read_text())
    assert m["command"] == "python tools/readme_numbers.py --measure"
    assert m["scaling"]["convention"] == "lambda0 = 1, eta = eta*lambda0"


def test_a_stale_figure_is_caught(readme_numbers):
    """The check itself: a README with one changed digit is not accepted."""
    text = README.read_text()
    n = readme_numbers.generated("errata")[0]
    stale = text.replace(f"`proofs_check/ERRATA.md` ({n} errata",
                         f"`proofs_check/ERRATA.md` ({int(n) + 1} errata")
    assert readme_numbers.quoted("errata", stale) != readme_numbers.generated("errata")
    with pytest.raises(AssertionError, match="exactly once"):
        readme_numbers.quoted("errata", text.replace("ERRATA.md` (", "ERRATA.md` [", 1))


def _simulate_commands():
    block = re.search(r"```bash\nnqm-theory derive.*?```", README.read_text(), re.S).group(0)
    return [shlex.split(line.split("#")[0])[1:] for line in block.splitlines()
            if line.startswith("nqm-theory simulate")]


@pytest.mark.parametrize("argv", _simulate_commands(), ids=lambda a: " ".join(a[-4:]))
def test_readme_simulate_commands_print_numbers(argv, capsys):
    """Every number README's `simulate` examples compute is printed: none is null/None."""
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "null" not in out and "None" not in out and "nan" not in out.lower()
    if "--json" in argv:
        d = json.loads(out)
        for k in ("peak_loss", "final_loss", "final_kernel", "eta_lam_final"):
            assert isinstance(d[k], float), (k, d[k])
    else:
        for k in ("peak_loss", "final_kernel", "eta_lam_final"):
            assert re.search(rf"{k}: [0-9.e+-]+\n", out), (k, out)


@pytest.mark.exhaustive
def test_committed_measurements_are_reproduced(tmp_path, readme_numbers):
    """Re-measure (minutes): the README's figures from a fresh run equal the committed ones."""
    fresh = readme_numbers.measure(tmp_path / "m.json")
    for key in readme_numbers.FROM_MEASUREMENTS:
        assert readme_numbers.generated(key, fresh) == readme_numbers.generated(key), key
