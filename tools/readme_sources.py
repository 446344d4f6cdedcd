"""The sources of the README's figures (see ``tools/readme_numbers.py``).

:data:`FROM_FILES`: each figure generated from tracked files and the code's constants;
:data:`FROM_MEASUREMENTS`: each figure from ``tools/measurements.json``, which
:func:`measure` writes (the width scaling of ``nqm-theory scaling`` and the chaos analysis
of ``nqm-theory orbits``, minutes of computing).  Every function returns the figure as the
README writes it: a tuple of strings, one per group of its pattern.
"""
from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASUREMENTS = Path(__file__).with_name("measurements.json")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["FROM_FILES", "FROM_MEASUREMENTS", "measure", "MEASUREMENTS"]


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


def _series(coefficients) -> str:
    """``2 − δ − (2/3)δ² …`` as README writes a series (terms with coefficient 0 left out)."""
    from fractions import Fraction
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    out = []
    for k, c in enumerate(Fraction(str(x)) for x in coefficients):
        if c == 0:
            continue
        a, d = abs(c), "δ" + (str(k).translate(sup) if k > 1 else "")
        if k == 0:
            term = f"{a}"
        elif a.denominator == 1:
            term = d if a == 1 else f"{a}{d}"
        elif a.numerator == 1:
            term = f"{d}/{a.denominator}"
        else:
            term = f"({a}){d}"
        out.append(("− " if c < 0 else "+ ") + term if out else ("−" if c < 0 else "") + term)
    return " ".join(out)


def _small_delta():
    from nqm_theory.sharp.expansions import expansions
    ex = expansions(5)
    return tuple(_series(ex[k]) for k in ("v_final", "u_peak_max", "u_peak_min"))


FROM_FILES = {"errata": _errata, "verify_table": _verify_table, "verify_widths": _verify_widths,
              "bench": _bench, "exact_cap": _exact_cap, "exact_json": _exact_json,
              "tolerances": _tolerances, "phase_defaults": _phase_defaults,
              "small_delta": _small_delta}


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
