"""The page's JavaScript (map.js + core.js of the built folder) against the Python core.

Run in Node.js (needed: the test fails, never skips, without it) on random inputs over the
four regimes; results, whole orbits and the whole embedded phase diagram must be the same
doubles as ``simulate`` / ``iterate`` / the numba grid (bit for bit, which is stronger
than the issue's 1e-12 relative).
"""
import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from explore_helpers import random_cases, same_result, simulate_json
from nqm_theory import OneExample, iterate
from nqm_theory._validate import NQMValueError
from nqm_theory.symbolic.maps import one_example_map

HARNESS = Path(__file__).with_name("harness.js")


def _node(explorer_dir, mode, cases=None, tmp_path=None):
    node = shutil.which("node")
    assert node, "Node.js is needed: the explorer's JavaScript core is tested in it"
    argv = [node, str(HARNESS), str(explorer_dir), mode]
    if cases is not None:
        f = tmp_path / "cases.json"
        f.write_text(json.dumps(cases))
        argv.append(str(f))
    res = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


PINNED = [  # one of each regime, and a divergence to inf/nan
    {"eta_lam0": "1.5", "width": "1e4", "g0": "0.7", "y": "0.3", "x2d": "1"},
    {"eta_lam0": "3", "width": "1e4", "g0": "0.7", "y": "0.3", "x2d": "1"},
    {"eta_lam0": "4.4", "width": "10", "g0": "0.7", "y": "0.3", "x2d": "1"},
    {"eta_lam0": "0.05", "width": "1e6", "g0": "0.7", "y": "0.3", "x2d": "1", "steps": "50"},
    {"eta_lam0": "4.55", "width": "1e9", "g0": "-1.2", "y": "1.1", "x2d": "7.5"},
]


def test_core_matches_simulate_on_random_inputs(explorer_dir, tmp_path):
    cases = PINNED + random_cases(2024, 40)
    got = _node(explorer_dir, "simulate", cases, tmp_path)
    regimes = set()
    for case, page in zip(cases, got):
        ref = simulate_json(case)
        same_result(page, ref)
        for key in ("initial_loss", "final_loss"):
            assert float(page[key]) == float(ref[key]) or math.isnan(float(ref[key]))
        regimes.add(ref["regime"])
    assert regimes == {"monotone", "catapult", "divergent", "undecided"}


def test_orbits_are_bit_identical(explorer_dir, tmp_path):
    cases = PINNED[:3] + random_cases(7, 6)
    got = _node(explorer_dir, "orbit", cases, tmp_path)
    for case, hexes in zip(cases, got):
        run = iterate(OneExample(width=float(case["width"]), eta=float(case["eta_lam0"]),
                                 lam0=1.0, g0=float(case["g0"]), y=float(case["y"]),
                                 x2d=float(case["x2d"])),
                      steps=int(case.get("steps", 10000)))
        page = np.frombuffer(bytes.fromhex("".join(hexes)), dtype="<f8").reshape(-1, 3)
        tr = run.trajectory
        ref = np.column_stack([tr.u, tr.v, tr.w])
        assert page.shape == ref.shape
        assert np.array_equal(page, ref, equal_nan=True)


def test_phase_grid_in_js_equals_the_embedded_numba_diagram(explorer_dir):
    js = _node(explorer_dir, "phase")
    text = (explorer_dir / "data.js").read_text()
    phase = json.loads(text[text.index("{"):text.rindex("}") + 1])["phase"]
    assert js["regime"] == phase["regime"]
    assert js["steps"] == phase["cell_steps"]
    assert js["peak_step"] == phase["peak_step"]
    assert [[float(z) for z in row] for row in js["peak_loss"]] == \
        [[float(z) for z in row] for row in phase["peak_loss"]]
    assert {c for row in phase["regime"] for c in row} >= {0, 1, 2}


def test_the_loop_on_edge_states_is_the_python_loop(explorer_dir, tmp_path):
    """States no random input reaches: tiny loss at v <= 0 or v > 2, u = 0, nan, inf."""
    from nqm_theory.maps.loops import make_nqm_cell
    states = [((1e-30, -0.5, 0.0), 1.0), ((1e-30, 2.5, 0.0), 1.0), ((0.0, 2.5, 0.0), 1.0),
              ((math.nan, 1.0, 0.0), 1.0), ((math.inf, 1.0, 0.0), 1.0),
              ((1e-3, 1.0, 1e-4), 1e3), ((0.5, 1.9999999999999998, -0.1), 2.0),
              ((1e-26, 1.0, 0.0), 1e3), ((1e-30, 0.0, 0.0), 1.0),
              ((1e-3, math.nan, 0.0), 1.0), ((1e-3, 1.0, -math.inf), 1.0)]
    js = {"inf": "Infinity", "nan": "NaN"}   # JavaScript's Number() spelling
    cases = [[[js.get(repr(z), repr(z)) for z in x], repr(s), 200] for x, s in states]
    got = _node(explorer_dir, "cell", cases, tmp_path)
    cell = make_nqm_cell(one_example_map().step_function("float64"))
    for (x, s), page in zip(states, got):
        with np.errstate(all="ignore"):
            code, t, peak, peak_t, loss, _, _ = cell(x, (), s, 1e-24, 1e100, 200,
                                                     np.empty((0, 3)))
        assert page[:2] == [code, t] and page[3] == peak_t, (x, page)
        for a, b in ((page[2], peak), (page[4], loss)):
            assert float(a) == b or (math.isnan(b) and float(a) != float(a))


def test_float64_refusal_mirrors_the_core(explorer_dir, tmp_path):
    bad = {"eta_lam0": "1e-5", "width": "1e300", "g0": "0.7", "y": "0.3", "x2d": "1"}
    good = dict(bad, width="1e9")
    got = _node(explorer_dir, "simulate", [bad, good], tmp_path)
    assert "underflows float64" in got[0]["refused"]
    assert "refused" not in got[1]
    with pytest.raises(NQMValueError, match="underflows float64"):
        iterate(OneExample(width=1e300, eta=1e-5, lam0=1.0, g0=0.7, y=0.3))
