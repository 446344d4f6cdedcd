"""Helpers of the explorer tests: the Python reference and random inputs of the page.

``simulate_json`` runs ``nqm-theory simulate --json`` (in process) for an input of the
page; ``random_cases`` draws inputs (as text, as the page receives them) that cover the
four regimes; ``same_result`` compares the page's result texts with simulate's numbers.
"""
import contextlib
import io
import json
import math
import random

from nqm_theory.cli import main

#: Result elements of the page and the ``simulate --json`` keys they hold.
RESULT_IDS = {"regime": "regime", "peak-loss": "peak_loss", "peak-step": "peak_step",
              "final-kernel": "final_kernel", "steps": "steps"}
INPUTS = ("eta_lam0", "width", "g0", "y", "x2d", "steps")


def simulate_json(case: dict) -> dict:
    """``nqm-theory simulate --json`` for a page input (lambda0 = 1, so eta = eta_lam0)."""
    argv = ["simulate", "--width", case["width"], "--eta", case["eta_lam0"], "--lam0", "1",
            "--g0", case["g0"], "--y", case["y"], "--x2d", case["x2d"], "--json"]
    if "steps" in case:
        argv += ["--steps", case["steps"]]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(argv) == 0
    return json.loads(buf.getvalue())


def _text(rng, x: float) -> str:
    return repr(float(f"{x:.{rng.randint(3, 17)}g}"))


def random_cases(seed: int, n: int) -> list:
    """``n`` random page inputs as text (every regime appears for n >= 12)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        case = {"eta_lam0": _text(rng, rng.uniform(0.05, 4.55)),
                "width": _text(rng, 10 ** rng.uniform(1, 9)),
                "g0": _text(rng, rng.uniform(-1.5, 1.5)),
                "y": _text(rng, rng.uniform(-1.5, 1.5)),
                "x2d": _text(rng, 10 ** rng.uniform(-1, 1))}
        if k % 4 == 3:   # small budgets make undecided runs
            case["steps"] = str(rng.randint(1, 40))
        out.append(case)
    return out


def same_result(page: dict, ref: dict) -> None:
    """Assert the page's results (texts by simulate key) are simulate's, bit for bit."""
    assert page["regime"] == ref["regime"]
    assert int(page["peak_step"]) == ref["peak_step"]
    assert int(page["steps"]) == ref["steps"]
    for key in ("peak_loss", "final_kernel"):
        a, b = float(page[key]), float(ref[key])
        if math.isnan(b):
            assert math.isnan(a), key
            continue
        assert a == b, (key, page[key], ref[key])   # bit-identical (stronger than 1e-12)
