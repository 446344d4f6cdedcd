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
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MEASUREMENTS = Path(__file__).with_name("measurements.json")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
    "convention_example": (r"at m = (\d+), g0 = (\S+), y = (\S+), ηλ0 = (\S+) the peak loss is "
                           r"(\S+) with λ0 = 1\s+and (\S+) with η = 1"),
}


def _e(x, fmt="{:.2g}") -> str:
    """``1e-24``, ``2.5e8``, ``4.0e-5``: a float in the README's exponent style."""
    s = fmt.format(x)
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m.group(1) == "-" else "")
                  + m.group(2), s)


def _minus(x: float, fmt: str) -> str:
    return fmt.format(x).replace("-", "−")


# -- FROM_FILES -------------------------------------------------------------------------------

def _errata():
    text = (ROOT / "proofs_check" / "ERRATA.md").read_text()
    return (str(len(re.findall(r"^## E\d+\.", text, re.M))),)


def _verify_table():
    text = (ROOT / "proofs_check" / "REPORT.md").read_text()
    m = re.search(r"printed by `nqm-theory verify`.*?```\n(.*?)\n```", text, re.S)
    return (m.group(1) if m else "(no verify table in proofs_check/REPORT.md)",)


def _verify_widths():
    from nqm_theory.theorems import DEFAULT_WIDTHS
    return _e(min(DEFAULT_WIDTHS), "{:.0e}"), _e(max(DEFAULT_WIDTHS), "{:.0e}")


def _bench():
    from nqm_theory.grid.phase import _STORED
    import numpy as np
    r = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    cs, c = r["cell_steps"], r["c"]["cell_steps_per_s"]
    n1, n2 = r["grid"]
    per_cell = 1 + sum(np.dtype(t).itemsize for t in _STORED.values())  # + int8 regime
    rows = [
        ("C loop, gcc -O2, 1 thread (baseline, compiled at benchmark time)", c),
        ("numba core (the derived map, generated code), 1 thread",
         r["numba_1_thread"]["cell_steps_per_s"]),
        (f"numba core, {r['cores']} threads (tiles dealt round-robin to threads)",
         r["numba_all_cores"]["cell_steps_per_s"]),
    ]
    lines = [f"| {name} | {_e(v, '{:.3g}')} | {v / c:.3g} |" for name, v in rows]
    py = r["python_loop"]["cell_steps_per_s"]
    lines.append(f"| naive per-cell Python loop | {_e(py)} | {_e(py / c)} |")
    ps = r["param_space"]
    lines.append("| parameter-space GD on the NQM, m = "
                 + " / ".join(_e(p["width"], "{:.0e}") if p["width"] >= 1000 else
                              str(p["width"]) for p in ps) + " | "
                 + " / ".join(_e(p["cell_steps_per_s"], "{:.1e}") for p in ps) + " | "
                 + " / ".join(_e(p["cell_steps_per_s"] / c, "{:.1e}") for p in ps) + " |")
    proc = r["phase_process"]
    lines.append(f"| whole `nqm-theory phase` process (start-up, grid, "
                 f"{n1 * n2 * per_cell / 1e6:.0f} MB write) | {r['c']['seconds']:.2f} s for C "
                 f"vs {proc['seconds']:.2f} s | {proc['ratio_to_c']:.2f}× C's time |")
    machine = r.get("cpu") or r["machine"]
    same = "agree" if r["c_equals_numba_bitwise"] else "do NOT agree"
    intro = textwrap.fill(
        "Speed, from `python benchmarks/bench_core.py` (writes `benchmarks/results.json`), "
        f"measured on {machine} with {r['cores']} cores (load average {r['load_avg'][0]:.2f}). "
        f"The run uses the grid above ({_e(cs)} useful cell-steps), with ratios taken within "
        "one run:", 92)
    return (intro + "\n\n| implementation | cell-steps/s | ratio to C |\n|---|---|---|\n"
            + "\n".join(lines) + f"\n\nThe C and numba results {same} bit for bit.",)


def _exact_cap():
    from fractions import Fraction as F

    from nqm_theory import OneExample
    from nqm_theory.maps import EXACT_MAX_BITS
    from nqm_theory.maps.orbit import predicted_bits
    from nqm_theory.symbolic.maps import one_example_map
    cmap = one_example_map()

    def most(p):
        x0 = p.initial_state()[:3]
        t = 1
        while predicted_bits(cmap, x0, (), t + 1) <= EXACT_MAX_BITS:
            t += 1
        return t
    one = OneExample(width=F(1000), eta=F(5, 2), lam0=F(1), g0=F(7, 10), y=F(3, 10))
    nine = OneExample(width=F(1000), eta=F("2.51234567"), lam0=F(1), g0=F("0.723456789"),
                      y=F("0.312345678"))
    return str(EXACT_MAX_BITS.bit_length() - 1), str(most(one)), str(most(nine))


def _exact_json():
    from fractions import Fraction

    from nqm_theory.results import EXACT_JSON_DIGITS, exact_text
    return str(EXACT_JSON_DIGITS), str(exact_text(Fraction(10) ** 6000 + 1)["approx_digits"])


def _tolerances():
    from nqm_theory.results import Tolerances
    t = Tolerances()
    return _e(t.loss_tol, "{:.0e}"), _e(t.overflow, "{:.0e}")


def _phase_defaults():
    from nqm_theory.grid.phase import DEFAULTS as d
    return (f"{d['g0']:g}", f"{d['y']:g}", f"{d['x2d']:g}", f"{d['lam0']:g}", str(d["steps"]))


FROM_FILES = {"errata": _errata, "verify_table": _verify_table, "verify_widths": _verify_widths,
              "bench": _bench, "exact_cap": _exact_cap, "exact_json": _exact_json,
              "tolerances": _tolerances, "phase_defaults": _phase_defaults}

# -- FROM_TESTS: the test that measures each figure -----------------------------------------

FROM_TESTS = {
    "exactness_loss": "tests/core/test_exactness_vs_params.py",
    "exactness_kernel": "tests/core/test_exactness_vs_params.py",
    "exactness_cases": "tests/core/test_exactness_vs_params.py",
    "exactness_perturbation": "tests/core/test_exactness_vs_params.py",
    "several_float": "tests/multi/test_reduction.py",
    "fig3": "tests/experiments/test_experiments.py",
    "convention_example": "tests/cli/test_convention.py",
}

# -- FROM_MEASUREMENTS ------------------------------------------------------------------------


def _scaling_beta(m):
    fits = [f for f in m["scaling"]["fits"] if f is not None]
    every = all(f["beta_ci"][0] > -1 or f["beta_ci"][1] < -1 for f in fits)
    return (_minus(min(f["beta"] for f in fits), "{:.3f}"),
            _minus(max(f["beta"] for f in fits), "{:.3f}"),
            f"{fits[0]['delta']:g}", f"{fits[-1]['delta']:g}", "every" if every else "not every")


def _scaling_edges(m):
    e = m["scaling"]["edges"]
    slopes = [f["slope"] for f in e["lower_fit"] + e["upper_fit"] if f["slope"] is not None]
    return (_minus(min(slopes), "{:.3f}"), _minus(max(slopes), "{:.3f}"),
            _e(min(e["widths"]), "{:.0e}"), _e(max(e["widths"]), "{:.0e}"))


def _uncertainty(m):
    u = m["orbits"]["uncertainty_near_4"]
    a = [x["alpha"] for x in u]
    return (f"{min(a):.2f}", f"{max(a):.2f}", _e(min(x["width"] for x in u), "{:.0e}"),
            _e(max(x["width"] for x in u), "{:.0e}"))


def _log_periodic(m):
    """The smallest eta*lam0 whose final kernel oscillates in log m: half a period apart
    differs by 10x more than one period apart (invariance m -> (eta*lam0 - 1)^2 m)."""
    rows = sorted((float(k), v) for k, v in m["orbits"]["final_kernel_vs_width"].items())
    first = next(k for k, v in rows
                 if v["mean_diff_half_period"] > 10 * v["mean_diff_one_period"])
    return (f"{first:g}",)


FROM_MEASUREMENTS = {"scaling_beta": _scaling_beta, "scaling_edges": _scaling_edges,
                     "uncertainty": _uncertainty, "log_periodic": _log_periodic}


def measure(path=MEASUREMENTS) -> dict:
    """Run the width scaling (``nqm-theory scaling`` defaults) and the chaos analysis
    (``nqm-theory orbits`` defaults); write the figures' inputs to ``path`` (atomically)."""
    from nqm_theory._cli.orbits import strict_json
    from nqm_theory._io import atomic_write_json
    from nqm_theory.catalogue import convention
    from nqm_theory.dynamics.report import chaos_analysis
    from nqm_theory.scaling import peak_scaling, window_edges
    s, e = peak_scaling(), window_edges()
    summary, _ = chaos_analysis()
    out = {"command": "python tools/readme_numbers.py --measure",
           "scaling": {**convention().to_dict(), "fits": s.to_dict()["fits"],
                       "edges": {k: v for k, v in e.to_dict().items()
                                 if k in ("widths", "labels", "lower_fit", "upper_fit")}},
           "orbits": strict_json({k: summary[k] for k in
                                  ("convention", "uncertainty_near_4", "final_kernel_vs_width")})}
    atomic_write_json(path, out)
    return out


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
