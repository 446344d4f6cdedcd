"""Every figure README.md quotes, generated from the code and the tracked results (issue 14).

Usage::

    python tools/readme_numbers.py             # each figure: README's text, generated text
    python tools/readme_numbers.py --measure   # re-measure tools/measurements.json (minutes)

Each figure has a key, a regular expression that finds it in README.md (its groups are the
figure as quoted) and one of three sources:

* :data:`FROM_FILES`: generated here, in milliseconds, from tracked files and the code's
  constants (``proofs_check/ERRATA.md``, the ``nqm-theory verify`` table in
  ``proofs_check/REPORT.md`` -- which the default suite regenerates byte for byte --,
  ``benchmarks/results.json`` with the machine it was measured on, default settings);
  ``tests/test_readme.py`` compares them with the README;
* :data:`FROM_TESTS`: measured by a test of the default suite (the exactness of the map
  against parameter-space GD, Fig. 3), which calls :func:`check_measured`;
* :data:`FROM_MEASUREMENTS`: from the committed ``tools/measurements.json`` (the width
  scaling of ``nqm-theory scaling`` and the chaos analysis of ``nqm-theory orbits``, two
  minutes of computing), which ``--measure`` regenerates and an exhaustive test re-measures.

A figure whose text is not found in the README is an error too: a sentence cannot be
reworded so that its number escapes the check.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from readme_sources import FROM_FILES, FROM_MEASUREMENTS, MEASUREMENTS, measure  # noqa: E402

__all__ = ["quoted", "generated", "check_measured", "measure", "FROM_FILES", "FROM_TESTS",
           "FROM_MEASUREMENTS", "PATTERNS"]

#: key -> regular expression (DOTALL) whose groups are the figure(s) as the README quotes them.
PATTERNS = {
    "errata": r"`proofs_check/ERRATA\.md` \((\d+) errata",
    "verify_table": r"```text\n(claim +status.*?)\n```",
    "verify_widths": r"checks each claim over widths\s+(\S+)–(\S+) with the exact map",
    "bench": r"(Speed, from `python benchmarks/bench_core\.py`.*?bit for bit\.)",
    "exact_cap": (r"2\^(\d+) bits \(`nqm_theory\.maps\.EXACT_MAX_BITS`\) is refused before "
                  r"it starts: (\d+) steps from\s+one-digit inputs, (\d+) from nine-digit ones"),
    "exact_json": r"\(a number of\s+more than (\d+) digits as a (\d+)-digit approximation",
    "tolerances": r"below `--loss-tol` \((\S+)\).*?passes `--overflow` \((\S+)\)",
    "phase_defaults": (r"The defaults are g0 = (\S+), y = (\S+), \|x\|²/d = (\S+), λ0 = (\S+) "
                       r"and\s+(\d+) steps\."),
    "exactness_loss": r"loss: largest relative difference (\S+), on steps with L ≥ (\S+);",
    "exactness_kernel": r"kernel: largest relative difference (\S+)\.",
    "exactness_cases": (r"m = (\S+) … (\S+), d = (\d+) … (\d+), η·λ0 ∈ \[(\S+), (\S+)\], "
                        r"whole catapult trajectories"),
    "exactness_perturbation": r"single coefficient of the map by (\S+) breaks",
    "several_float": r"against parameter-space GD: (\S+) relative in float64",
    "fig3": (r"We measure (\S+) and (\S+) for seed (\d+)\. Under the\s+theory's ½ Σ "
             r"convention they would be (\S+) and (\S+)\."),
    "scaling_beta": (r"The fitted log-m exponent β lies in\s+\[(\S+), (\S+)\] over δ = (\S+) … "
                     r"(\S+), and (\w+) 95% CI excludes −1"),
    "scaling_edges": (r"fitted slopes of log\|offset\| against log m\s+between (\S+) and "
                      r"(\S+), over m = (\S+) … (\S+)\)"),
    "uncertainty": r"The uncertainty exponent is (\S+)–(\S+) for m = (\S+) to (\S+)\.",
    "log_periodic": r"no large-m limit for ηλ0 ≳ (\S+)\.",
    "limit_spread": (r"the measured spread of the final kernel: \[(\S+), (\S+)\] at ηλ0 = 3, "
                     r"and \[0, (\S+)\] at 3\.4"),
    "small_delta": (r"first integral: v_final = (.*?) \+ … \(all phases\) u_peak_max = (.*?) \+ …, "
                    r"u_peak_min = (.*?) \+ …"),
    "convention_example": (r"at m = (\d+), g0 = (\S+), y = (\S+), ηλ0 = (\S+) the peak loss is "
                           r"(\S+) with λ0 = 1\s+and (\S+) with η = 1"),
}


# -- FROM_TESTS: the test that measures each figure -----------------------------------------

FROM_TESTS = {
    "exactness_loss": "tests/core/test_exactness_vs_params.py",
    "exactness_kernel": "tests/core/test_exactness_vs_params.py",
    "exactness_cases": "tests/core/test_exactness_vs_params.py",
    "exactness_perturbation": "tests/core/test_exactness_vs_params.py",
    "several_float": "tests/multi/test_reduction.py",
    "fig3": "tests/experiments/test_experiments.py",
    "convention_example": "tests/cli/test_convention.py",
    "limit_spread": "tests/sharp/test_cli_sharp.py",
}

# -- reading and comparing ------------------------------------------------------------------

#: Figures that are blocks of the README (matched as written); the others are matched with
#: every run of white space (line breaks of the wrapped text) read as one space.
BLOCKS = ("verify_table", "bench")


def quoted(key: str, text: str | None = None) -> tuple:
    """The figure(s) of ``key`` as README.md quotes them (AssertionError if not found)."""
    text = README.read_text() if text is None else text
    if key not in BLOCKS:
        text = " ".join(text.split())
    found = re.findall(PATTERNS[key], text, re.S)
    assert len(found) == 1, (f"README.md: the figure {key!r} must be quoted exactly once "
                             f"(pattern {PATTERNS[key]!r}), found {len(found)}")
    return found[0] if isinstance(found[0], tuple) else (found[0],)


def generated(key: str, measurements: dict | None = None) -> tuple:
    """The figure(s) of ``key`` generated from files, code or ``tools/measurements.json``."""
    if key in FROM_FILES:
        return FROM_FILES[key]()
    if key in FROM_MEASUREMENTS:
        m = measurements or json.loads(MEASUREMENTS.read_text())
        return FROM_MEASUREMENTS[key](m)
    raise KeyError(f"{key!r} is measured by {FROM_TESTS[key]}, not generated here")


def check_measured(key: str, want: tuple, rel: float = 0.0) -> None:
    """Assert that README quotes ``want`` for ``key`` (from a test's own computation).

    ``want`` holds strings (compared exactly) or floats; a float quote may differ by at most
    ``rel`` (relative) from the measured value, so that another machine's last digit does
    not fail the suite while a stale figure does.
    """
    got = quoted(key)
    assert len(got) == len(want), (key, got, want)
    for q, w in zip(got, want):
        if isinstance(w, str):
            assert q == w, f"README.md quotes {q!r} for {key!r}, the test measured {w!r}"
        else:
            val = float(q.replace("−", "-"))
            assert abs(val - w) <= rel * abs(w), \
                f"README.md quotes {q} for {key!r}, the test measured {w:.3g}"


def main(argv=None) -> int:
    """Print each figure (README / generated); ``--measure`` re-measures first."""
    argv = sys.argv[1:] if argv is None else argv
    if "--measure" in argv:
        measure()
        print(f"wrote {MEASUREMENTS}")
    bad = 0
    for key in PATTERNS:
        try:
            got = quoted(key)
        except AssertionError as exc:
            print(f"{key}: {exc}")
            bad += 1
            continue
        if key in FROM_TESTS:
            print(f"{key}: README {got} (checked by {FROM_TESTS[key]})")
            continue
        want = generated(key)
        bad += got != want
        print(f"{key}: {'ok' if got == want else 'STALE'}: README {got}"
              + ("" if got == want else f", generated {want}"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
