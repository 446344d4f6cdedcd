"""CLI contracts of issue 2: `simulate --json`, `derive --format`, error handling."""
import json
import subprocess
import sys

import pytest
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

from nqm_theory.cli import main
from nqm_theory.symbolic.symbols import PARSE_SYMBOLS

BASE = ["simulate", "--width", "10000", "--eta", "2.5", "--lam0", "1", "--g0", "0.7", "--y", "0.3"]
KEYS = {"regime", "steps", "peak_loss", "peak_step", "final_loss", "final_kernel", "eta_crit",
        "eta_max"}


def run_cli(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_json_contract(capsys):
    code, out, err = run_cli(BASE + ["--json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert KEYS <= set(data)
    assert data["regime"] == "catapult" and data["eta_crit"] == 2.0 and data["eta_max"] == 4.0
    assert data["peak_loss"] > data["final_loss"] and data["final_loss"] < 1e-24
    assert 0 < data["final_kernel"] * 2.5 < 2


@pytest.mark.parametrize("precision", ["mp30", "exact"])
def test_simulate_other_precisions(precision, capsys):
    code, out, _ = run_cli(BASE + ["--precision", precision, "--steps", "8", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["precision"] == precision and data["steps"] == 8
    assert data["regime"] == "undecided"


def test_exact_and_float_agree_on_short_run(capsys):
    _, out_f, _ = run_cli(BASE + ["--steps", "6", "--json"], capsys)
    _, out_e, _ = run_cli(BASE + ["--steps", "6", "--precision", "exact", "--json"], capsys)
    f, e = json.loads(out_f), json.loads(out_e)
    assert abs(f["final_loss"] - e["final_loss"]) <= 1e-12 * e["final_loss"]
    assert e["exact"]["initial_loss"] == "2/25"  # (0.7 - 0.3)^2 / 2 exactly


@pytest.mark.parametrize("bad,name", [
    (["--width", "0"], "width"), (["--width", "-5"], "width"), (["--width", "nan"], "width"),
    (["--eta", "inf"], "eta"), (["--lam0", "0"], "lam0"), (["--lam0", "-1"], "lam0"),
    (["--steps", "0"], "steps"), (["--steps", "1.5"], "steps"), (["--precision", "fp8"], "precision"),
    (["--g0", "abc"], "g0"), (["--x2d", "0"], "x2d")])
def test_bad_input_one_line_exit_2(bad, name, capsys):
    args = list(BASE)
    flag = bad[0]
    if flag in args:
        i = args.index(flag)
        args[i + 1] = bad[1]
    else:
        args += bad
    code, out, err = run_cli(args + ["--json"], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and name in err


def test_missing_argument_is_one_line(capsys):
    code, _, err = run_cli(["simulate", "--json"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--width" in err


def test_derive_sympy_lines_parse(capsys):
    code, out, _ = run_cli(["derive", "--format", "sympy"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and [ln.split(" = ")[0] for ln in lines] == [
        "u_next", "v_next", "w_next", "r_next", "lam_next"]
    exprs = {ln.split(" = ")[0]: parse_expr(ln.split(" = ", 1)[1], local_dict=PARSE_SYMBOLS)
             for ln in lines}
    u, v, w, r, lam, g, eta, c = (PARSE_SYMBOLS[k] for k in "u v w r lam g eta c".split())
    assert sp.expand(exprs["v_next"] - (v - u * (4 - v) - 4 * w)) == 0
    assert sp.expand(exprs["r_next"] - r * (1 - eta * lam + c * eta**2 * r * g)) == 0


@pytest.mark.parametrize("fmt,needle", [("text", "Step 1."), ("latex", "\\begin{align*}")])
def test_derive_text_and_latex(fmt, needle, capsys):
    code, out, _ = run_cli(["derive", "--format", fmt], capsys)
    assert code == 0 and needle in out


def test_module_entry_point_subprocess():
    proc = subprocess.run([sys.executable, "-m", "nqm_theory", *BASE, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout)["regime"] == "catapult"
    bad = subprocess.run([sys.executable, "-m", "nqm_theory", "simulate", "--width", "-1",
                          "--eta", "1", "--lam0", "1", "--g0", "0", "--y", "0"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_unwritable_output_is_one_line_exit_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run_cli(["report", "--out", str(blocker / "sub")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "`--out`" in err
