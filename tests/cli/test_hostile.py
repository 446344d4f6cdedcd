"""Hostile and careless input, table-driven (issue 10).

Every row is a command line (or a library call) with the exact outcome it must have:
exit code 2 with ONE line on stderr that names the parameter (and no traceback, no
"internal error"), within a few seconds, and no partial output left at the final path.
A row that names ``ok`` must succeed (exit 0) with strictly valid JSON where asked.
The classes are those of issue 10 plus the ones found while writing this table (see the
comments).
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest


ROOT = Path(__file__).resolve().parents[2]
SIM = ["simulate", "--width", "1e3", "--eta", "2.5", "--lam0", "1", "--g0", "0.7", "--y", "0.3"]
PHASE = ["phase", "--eta-lam0", "1", "4", "3", "--width", "1e2", "1e3", "2", "--steps", "50",
         "--no-progress"]


def _sim(**over):
    args = list(SIM)
    for k, v in over.items():
        flag = "--" + k.replace("_", "-")
        if flag in args:
            args[args.index(flag) + 1] = v
        else:
            args += [flag, v]
    return args


BAD_NUMBERS = ["abc", "", " ", "nan", "NaN", "inf", "-inf", "1e99999999", "1/0", "0x10",
               "1_000", "True", "١", "1e", "e5", "--", "5//2", "1.2.3", "1" * 500]
# (flag, value, what must appear in the message)
SIMULATE_ROWS = (
    [(f, v, f"`--{f}`") for f in ("width", "eta", "lam0", "g0", "y", "x2d")
     for v in BAD_NUMBERS[:12]]
    + [("width", "0", "`width`"), ("width", "-1", "`width`"), ("eta", "0", "`eta`"),
       ("lam0", "-2", "`lam0`"), ("x2d", "0", "`x2d`"),
       ("width", "1e400", "`width`"),            # beyond float64: points to mpN
       ("eta", "1e-400", "`eta`"), ("g0", "1e400", "`g0`"),
       ("steps", "0", "`--steps`"), ("steps", "-3", "`--steps`"), ("steps", "2.5", "`--steps`"),
       ("steps", "1e30", "`--steps`"), ("steps", "abc", "`--steps`"),
       ("steps", "1e99999999", "`--steps`"),
       ("loss_tol", "0", "`--loss-tol`"), ("loss_tol", "1e400", "`--loss-tol`"),
       ("loss_tol", "-1", "`--loss-tol`"), ("loss_tol", "1e-400", "`--loss-tol`"),
       ("overflow", "1e400", "`--overflow`"), ("overflow", "nan", "`--overflow`"),
       ("overflow", "1e-30", "`overflow`"),      # below the loss tolerance
       ("precision", "mp5", "`precision`"), ("precision", "mp100001", "`precision`"),
       ("precision", "ball", "`precision`"), ("precision", "float32", "`precision`"),
       ("precision", "MP50", "`precision`"), ("precision", "mp-50", "`precision`"),
       ("precision", "exactly", "`precision`"), ("precision", "ball1e3", "`precision`")])



def _assert_clean_error(code, err, dt, needle):
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1, err
    assert lines[0].startswith("nqm-theory: error:"), err
    assert "Traceback" not in err and "internal error" not in err
    assert needle in lines[0], (needle, lines[0])
    assert dt < 10, dt


@pytest.mark.parametrize("flag,value,needle", SIMULATE_ROWS)
def test_simulate_bad_values(run_cli, flag, value, needle):
    code, _, err, dt = run_cli(_sim(**{flag: value}))
    _assert_clean_error(code, err, dt, needle)


@pytest.mark.parametrize("argv,needle", [
    (["simulate", "--width", "1e3"], "required"),
    (["simulate"] + SIM[1:] + ["--bogus", "1"], "unrecognized"),
    (SIM + ["--steps"], "--steps"),
    (["nonsense"], "invalid choice"),
    (["derive", "--format", "pdf"], "`--format`"),
    (["verify", "--claims", "Theorem 99"], "`claims`"),
    (["verify", "--widths", "2"], "`--widths`"), (["verify", "--widths", "1e16"], "`--widths`"),
    (["verify", "--widths", "nan"], "`--widths`"), (["verify", "--widths", "abc"], "`--widths`"),
    (["verify", "--widths", "-5"], "`--widths`"),
    (["scaling", "--g0", "0", "--y", "0"], "`--g0` and `--y`"),      # zero loss: NaN fits
    (["scaling", "--g0", "0.25", "--y", "1/4"], "`--g0` and `--y`"),
    (["scaling", "--deltas", "1e400"], "`--deltas`"), (["scaling", "--deltas", "0"], "`--deltas`"),
    (["scaling", "--deltas", "2"], "`--deltas`"), (["scaling", "--deltas", "nan"], "`--deltas`"),
    (["scaling", "--deltas", "-0.5"], "`--deltas`"),
    (["scaling", "--widths", "1e2", "1e8", "1e400"], "`--widths`"),
    (["scaling", "--widths", "1e8", "1e2", "5"], "`--widths`"),
    (["scaling", "--widths", "1", "1e8", "5"], "`--widths`"),
    (["scaling", "--g0", "1e400"], "`--g0`"), (["scaling", "--out", ""], "`--out`"),
    # issue 14: --fix NAME[=VALUE] names what is held fixed while eta*lam0 varies
    (["scaling", "--fix", "beta"], "`--fix`"), (["scaling", "--fix", "eta=0"], "`--fix`"),
    (["scaling", "--fix", "eta=abc"], "`--fix`"), (["scaling", "--fix", "lam0=1e400"], "`--fix`"),
    (["scaling", "--fix", ""], "`--fix`"), (["scaling", "--fix", "eta=1=2"], "`--fix`"),
    (["report", "--g0", "0.3", "--y", "0.3"], "`--g0` and `--y`"),
    (["report", "--width", "0"], "`--width`"), (["report", "--width", "1e400"], "`--width`"),
    (["report", "--width", "nan"], "`--width`"), (["report", "--x2d", "-1"], "`--x2d`"),
    (["report", "--g0", "abc"], "`--g0`"), (["report", "--out", ""], "`--out`"),
    (["report", "--width", "1e-300", "--g0", "1e300"], "`--g0`"),
    (["experiment", "fig4"], "`NAME`"), (["experiment", "fig3", "--quick"], "`--quick`"),
    (["experiment", "fig3", "--out", ""], "`--out`"),
    (["orbits", "--bogus"], "unrecognized"),
])
def test_other_commands_bad_input(run_cli, argv, needle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err, dt = run_cli(argv)
    _assert_clean_error(code, err, dt, needle)
    assert not any(p.name.startswith("experiment_") for p in tmp_path.iterdir())


PHASE_ROWS = [
    (["--eta-lam0", "1", "4", "0"], "`--eta-lam0 N`"), (["--eta-lam0", "1", "4", "1e400"], "N`"),
    (["--eta-lam0", "1", "4", "2.5"], "`--eta-lam0 N`"), (["--eta-lam0", "1", "4", "-3"], "N`"),
    (["--eta-lam0", "4", "1", "3"], "`eta_lam0`"), (["--eta-lam0", "0", "4", "3"], "START`"),
    (["--eta-lam0", "1e400", "4e400", "3"], "START`"), (["--eta-lam0", "nan", "4", "3"], "START`"),
    (["--width", "1e2", "1e400", "2"], "`--width STOP`"), (["--width", "1e3", "1e2", "2"], "`width`"),
    (["--width", "-1", "1e2", "2"], "`--width START`"), (["--width", "1e2", "1e3", "1e9"], "N`"),
    (["--eta-lam0", "1", "4", "100000", "--width", "1e2", "1e3", "100000"], "cells"),
    (["--g0", "1e400"], "`--g0`"), (["--y", "nan"], "`--y`"), (["--x2d", "0"], "`--x2d`"),
    (["--lam0", "-1"], "`--lam0`"), (["--steps", "0"], "`--steps`"),
    (["--steps", "1e30"], "`--steps`"), (["--loss-tol", "1e400"], "`--loss-tol`"),
    (["--overflow", "1e400"], "`--overflow`"), (["--chunk-cells", "0"], "`--chunk-cells`"),
    (["--chunk-cells", "1e400"], "`--chunk-cells`"), (["--threads", "0"], "`--threads`"),
    (["--threads", "999"], "`--threads`"), (["--threads", "abc"], "`--threads`"),
    (["--scheduler", "garbage"], "`scheduler`"), (["--scheduler", ""], "`scheduler`"),
    (["--scheduler", "tcp://127.0.0.1:1"], "`scheduler`"),
    (["--g0", "1e-200", "--y", "0", "--width", "1e2", "1e300", "2"], "mpN"),
]


@pytest.mark.parametrize("extra,needle", PHASE_ROWS)
def test_phase_bad_input_leaves_nothing(run_cli, extra, needle, tmp_path):
    out = tmp_path / "pd.npz"
    argv = list(PHASE)
    for i in range(0, len(extra)):
        if extra[i] in argv and extra[i].startswith("--"):
            j = argv.index(extra[i])
            n = 3 if extra[i] in ("--eta-lam0", "--width") else 1
            del argv[j:j + 1 + n]
    argv += extra + ["--out", str(out)]
    code, _, err, dt = run_cli(argv)
    _assert_clean_error(code, err, dt, needle)
    assert list(tmp_path.iterdir()) == []            # no output, no parts folder


@pytest.mark.parametrize("target", ["dir", "empty", "unwritable"])
def test_phase_output_path_checked_before_work(run_cli, target, tmp_path):
    path = {"dir": str(tmp_path), "empty": "", "unwritable": "/proc/nqm/pd.npz"}[target]
    t = time.perf_counter()
    code, _, err, dt = run_cli(["phase", "--eta-lam0", "0.05", "4.55", "400", "--width", "1e2",
                                "1e10", "400", "--out", path, "--no-progress"])
    _assert_clean_error(code, err, dt, "/proc/nqm" if target == "unwritable" else "`--out`")
    assert time.perf_counter() - t < 3    # refused before computing 160000 cells


def test_report_failure_leaves_no_partial_directory(run_cli, tmp_path):
    out = tmp_path / "rep"
    code, _, err, dt = run_cli(["report", "--out", str(out), "--g0", "0.5", "--y", "0.5"])
    _assert_clean_error(code, err, dt, "`--g0`")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file(run_cli, tmp_path):
    f = tmp_path / "afile"
    f.write_text("keep me")
    for argv in (["report", "--out", str(f)], ["scaling", "--out", str(f), "--no-edges"],
                 ["experiment", "fig8", "--out", str(f)]):
        code, _, err, dt = run_cli(argv)
        _assert_clean_error(code, err, dt, "`--out`")
    assert f.read_text() == "keep me"


@pytest.mark.parametrize("argv", [
    _sim(y="-1e6"), _sim(eta="-5/2", lam0="-2/5"), _sim(g0="-.5"), _sim(y="-3/4"),
])
def test_negative_numbers_are_values_not_options(run_cli, argv):
    code, out, err, _ = run_cli(argv + ["--json"])
    if "-5/2" in argv:   # eta < 0 is refused *as a value*, naming the parameter
        assert code == 2 and "`eta`" in err and "expected one argument" not in err
        return
    assert code == 0, err
    json.loads(out)


@pytest.mark.parametrize("argv", [
    _sim(precision="mp50", width="1e400") + ["--json"],              # the advice, followed
    _sim(precision="ball30", width="1e400", overflow="1e600") + ["--json"],
    _sim(eta="4.5") + ["--json"], _sim(width="1e-300", g0="1e-100", y="0") + ["--json"],
    _sim(g0="0.3", y="0.3") + ["--json"],                             # zero loss: step 0
    _sim(precision="exact", eta="2.51234567", g0="0.723456789", y="0.312345678") + ["--json"],
])
def test_edge_inputs_that_must_work_give_strict_json(run_cli, argv):
    code, out, err, dt = run_cli(argv)
    assert code == 0, err
    d = json.loads(out, parse_constant=lambda c: pytest.fail(f"invalid JSON token {c}"))
    assert d["regime"] in ("monotone", "catapult", "divergent", "undecided")
    assert dt < 20


def test_exact_size_is_refused_before_computing(run_cli):
    code, _, err, dt = run_cli(_sim(precision="exact", steps="14"))
    _assert_clean_error(code, err, dt, "`steps`")
    assert dt < 5 and "bits" in err


def test_real_process_exit_codes_and_one_line():
    """A few rows through a real process: argparse, the entry point, the exit code."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for argv, needle in ((_sim(width="1e99999999"), "`--width`"), (_sim(y="-1e6", eta="-5/2"),
                                                                   "`eta`"),
                         (["phase"] + PHASE[1:] + ["--out", ""], "`--out`")):
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "nqm_theory", *argv], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, p.stderr
        assert needle in p.stderr and "Traceback" not in p.stderr
        assert time.perf_counter() - t < 20


# -- library entry points: NQMValueError (a ValueError) naming the parameter -----------------

def _lib_rows():
    from fractions import Fraction

    import nqm_theory as nq
    from nqm_theory.maps.examples import logistic
    from nqm_theory.params import TwoLayerReLU
    p = nq.OneExample(width=1e3, eta=2.5, lam0=1.0, g0=0.7, y=0.3)
    net = TwoLayerReLU.init(20, 1, seed=0)
    X = np.array([[1.0], [-1.0]])
    return [
        (lambda: nq.OneExample(width="abc", eta=1, lam0=1, g0=0, y=1), "width"),
        (lambda: nq.OneExample(width=True, eta=1, lam0=1, g0=0, y=1), "width"),
        (lambda: nq.OneExample(width=1, eta=None, lam0=1, g0=0, y=1), "eta"),
        (lambda: nq.OneExample(width=1, eta=1, lam0=float("nan"), g0=0, y=1), "lam0"),
        (lambda: nq.OneExample(width=1, eta=1, lam0=1, g0=[1], y=1), "g0"),
        (lambda: nq.iterate(p, steps=10**12), "steps"), (lambda: nq.iterate(p, steps=1.5), "steps"),
        (lambda: nq.iterate(p, precision=50), "precision"),
        (lambda: nq.iterate("not a problem"), "problem"),
        (lambda: nq.iterate(nq.OneExample(width=Fraction(1000), eta=Fraction(5, 2),
                                          lam0=Fraction(1), g0=Fraction(7, 10),
                                          y=Fraction(3, 10)), steps=20, precision="exact"),
         "steps"),
        (lambda: nq.iterate_many("abc", 1, 1, 0.5, 0), "width"),
        (lambda: nq.iterate_many(True, 1, 1, 0.5, 0), "width"),
        (lambda: nq.iterate_many([1e3, 1e4], [1, 2, 3], 1, 0.5, 0), "broadcast"),
        (lambda: nq.iterate_many(1e3, 1, 1, [0.5, np.nan], 0), "g0"),
        (lambda: nq.phase_diagram("abc", [10.0]), "eta_lam0"),
        (lambda: nq.phase_diagram([True], [10.0]), "eta_lam0"),
        (lambda: nq.phase_diagram([1.0], [10.0], threads=0), "threads"),
        (lambda: nq.phase_diagram([1.0], [10.0], scheduler=123), "scheduler"),
        (lambda: nq.phase_diagram([1.0], [10.0], out=""), "out"),
        (lambda: nq.Tolerances(loss_tol=1e-3, overflow=1e-4), "overflow"),
        (lambda: nq.Tolerances(loss_tol="small"), "loss_tol"),
        (lambda: nq.verify(widths=[float("nan")]), "widths"),
        (lambda: nq.verify(widths="abc"), "widths"), (lambda: nq.verify(["Lemma 9"]), "claims"),
        (lambda: nq.SeveralExamples.from_network(net, X, np.array([1.0, np.nan]), 0.5), "y"),
        (lambda: nq.SeveralExamples.from_network(net, X, np.array([1.0]), 0.5), "y"),
        (lambda: nq.SeveralExamples.from_network(net, X, np.array([1.0, -1.0]), -1), "eta"),
        (lambda: nq.peak_scaling([0.5], g0=0.2, y=0.2), "g0"),
        (lambda: nq.peak_scaling([2.5]), "deltas"),
        (lambda: nq.peak_scaling([0.5], widths=[1e3, 1e4, float("inf")]), "widths"),
        (lambda: nq.peak_scaling([0.5], lam0=1.0, eta=1.0), "lam0` and `eta"),
        (lambda: nq.window_edges([1e3], eta=-1.0), "eta"),
        (lambda: nq.orbit_diagram([3.0], [1e3], lam0=0.0), "lam0"),
        (lambda: logistic(jit=False).orbit([0.1], [3.9], steps=0), "steps"),
        (lambda: logistic(jit=False).orbit("0.1", [3.9], steps=3), "x0"),
        (lambda: logistic(jit=False).orbit([0.1], [3.9, 1], steps=3), "params"),
        (lambda: logistic(jit=False).orbit([0.1], {"s": 1}, steps=3), "params"),
        (lambda: logistic(jit=False).orbit([0.1], [3.9], steps=3, precision="ball3"), "precision"),
    ]


@pytest.mark.parametrize("k", range(38))
def test_library_errors_name_the_parameter(k):
    from nqm_theory import NQMValueError
    rows = _lib_rows()
    call, name = rows[k]
    t = time.perf_counter()
    with pytest.raises(NQMValueError, match=f"`?{name}"):
        call()
    assert time.perf_counter() - t < 10


def test_library_table_is_complete():
    assert len(_lib_rows()) == 38


def test_count_of_hostile_inputs():
    """Issue 10 asks for at least 150 rows; count what this module exercises."""
    n = (len(SIMULATE_ROWS) + 42 + len(PHASE_ROWS) + 3 + 1 + 1 + 4 + 6 + 1 + 3 + 38)
    assert n >= 150
