"""Hostile input for the commands added after issue 10: edges, limit, network, explore,
phase --certify and the experiment options (issues 11-14, same rules as test_hostile.py).

Each bad row must exit 2 with one line that names the flag, within a few seconds, and
leave nothing behind; each "must work" row must give strictly valid JSON (no NaN or
Infinity tokens) and say what it could not compute instead of printing a NaN.
"""
import json

import pytest

EDGES = ["edges", "--width", "100", "--g0", "0.5", "--y", "0"]
NET = ["network", "--activation", "tanh", "--width", "64", "--d", "5", "--eta-lam0", "3",
       "--y", "0.5", "--seed", "0"]


def _with(base, flag, value):
    argv = list(base)
    if flag in argv:
        argv[argv.index(flag) + 1] = value
    else:
        argv += [flag, value]
    return argv



def _strict(out):
    return json.loads(out, parse_constant=lambda c: pytest.fail(f"invalid JSON token {c}"))


BAD = (
    # edges: every number bounded (cost of exact arithmetic), g0 = y refused (zero loss)
    [(_with(EDGES, f, v), f"`{f}`") for f in ("--width", "--g0", "--y", "--x2d", "--lam0")
     for v in ("abc", "nan", "inf", "1e99999999", "1e400", "")]
    + [(_with(EDGES, "--width", "0"), "`--width`"), (_with(EDGES, "--width", "1e31"), "`--width`"),
       (_with(EDGES, "--x2d", "0"), "`--x2d`"), (_with(EDGES, "--lam0", "-1"), "`--lam0`"),
       (_with(EDGES, "--g0", "2e6"), "`--g0`"), (_with(EDGES, "--y", "0.5"), "`--g0`"),
       (["edges", "--g0", "0.5", "--y", "0"], "--width")]
    # limit: delta in [1e-3, 2) (below, the small-delta series is the answer), phase in [0, 1)
    + [(["limit", "--delta", v], "`--delta`")
       for v in ("0", "-1", "2", "nan", "1e400", "1e-300", "abc", "9e-4")]
    + [(["limit", "--delta", "1", "--phase", v], "`--phase`") for v in ("1", "-0.5", "nan", "x")]
    + [(["limit", "--delta", "1", "--digits", v], "`--digits`") for v in ("5", "100000", "2.5")]
    + [(["limit", "--delta", "1", "--grid", "1e9"], "`--grid`"),
       (["limit", "--delta", "1", "--phase-tol", "0"], "`--phase-tol`"),
       (["limit", "--delta", "1", "--order", "99"], "`--order`")]
    # network: activation names from the catalogue only (never parsed as code)
    + [(_with(NET, "--activation", v), "activation") for v in (
        "foo", "x**2", "__import__('os')", "leaky_relu:abc", "leaky_relu:1e400",
        "leaky_relu:nan", "poly:abc", "leaky_relu:5", "relu:2", "")]
    + [(_with(NET, "--width", v), "`--width`") for v in ("0", "1.5", "1e9", "abc")]
    + [(_with(NET, "--d", "0"), "`--d`"), (_with(NET, "--eta-lam0", "nan"), "`--eta-lam0`"),
       (_with(NET, "--eta-lam0", "-3"), "`--eta-lam0`"), (_with(NET, "--y", "1e400"), "`--y`"),
       (_with(NET, "--seed", "-1"), "`--seed`"), (_with(NET, "--seed", "0.5"), "`--seed`"),
       (_with(NET, "--steps", "1e30"), "`--steps`"), (_with(NET, "--model", "bogus"), "`model`")]
    # explore and the experiments: output paths checked first, options per experiment
    + [(["explore", "--out", ""], "`--out`"),
       (["experiment", "generalization", "--dataset", "bogus"], "`--dataset`"),
       (["experiment", "activations", "--bogus", "1"], "unrecognized"),
       (["experiment", "bogus"], "`NAME`")]
    # phase --certify: the same bounds as phase
    + [(["phase", "--certify", "--eta-lam0", "1", "4", "3", "--width", "1e2", "1e3", "2",
         "--steps", v, "--no-progress", "--out", "cells.npz"], "`--steps`") for v in ("0", "1e30")]
)


@pytest.mark.parametrize("argv,needle", BAD)
def test_bad_input_one_line_exit_2(run_cli, argv, needle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err, dt = run_cli(argv)
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1 and lines[0].startswith("nqm-theory: error:"), err
    assert "Traceback" not in err and "internal error" not in err
    assert needle in lines[0], (needle, lines[0])
    assert dt < 10, dt
    assert list(tmp_path.iterdir()) == []


def test_explore_into_a_file_is_refused_before_work(run_cli, tmp_path):
    f = tmp_path / "page"
    f.write_text("x")
    code, _, err, dt = run_cli(["explore", "--out", str(f)])
    assert code == 2 and "`--out`" in err and dt < 10
    assert f.read_text() == "x"


def test_edges_without_a_lower_edge_says_so_in_strict_json(run_cli):
    """1 - 8 gg < 0 (here m = 1.5, g0 = 1/2): no rate overshoots at the first step; the edge
    is null with a reason, not the string "nan" and not a NaN token."""
    code, out, err, _ = run_cli(["edges", "--width", "1.5", "--g0", "0.5", "--y", "0", "--json"])
    assert code == 0, err
    d = _strict(out)
    assert d["lower_edge"] is None and d["lower_edge_digits"] == "none"
    assert "1 - 8 gg < 0" in d["lower_edge_justification"]
    assert d["upper_edge"] == 4.0 and d["upper_edge_status"] == "proven"


@pytest.mark.parametrize("argv", [
    ["edges", "--width", "4", "--g0", "3", "--y", "0", "--json"],
    ["edges", "--width", "100", "--g0", "-1e6", "--y", "1e6", "--json"],
    ["edges", "--width", "1", "--g0", "2", "--y", "1", "--json"],     # 1 - 16 gw < 0: inf
])
def test_edges_far_outside_the_theorems_still_answer(run_cli, argv):
    """Unrealizable or extreme starts: a finite answer or an explicit "inf"/null, never an
    internal error (these crashed with 'cannot convert NaN to integer ratio')."""
    code, out, err, dt = run_cli(argv)
    assert code == 0, err
    d = _strict(out)
    for key in ("lower_edge", "upper_edge", "divergence_edge"):
        v = d[key]
        assert v is None or v == "inf" or isinstance(v, float), (key, v)
    assert d["upper_edge_status"] in ("proven", "certified", "measured")
    assert dt < 60


def test_network_divergence_is_an_outcome(run_cli):
    code, out, err, _ = run_cli(_with(NET, "--eta-lam0", "100") + ["--json"])
    assert code == 0, err
    assert _strict(out)["regime"] == "divergent"
