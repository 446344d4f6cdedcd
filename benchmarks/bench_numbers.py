"""Benchmark of the engine's number systems on the one-example map (issue 9), ratios in one run.

Usage::

    python benchmarks/bench_numbers.py [--quick] [--out benchmarks/results_numbers.json]

Measures, on the derived (u, v, w) map of docs/theory.md §3 from the state of
``OneExample(width=1000, eta=5/2, lam0=1, g0=7/10, y=3/10)``:

(a) exact mode: seconds per run of T steps with FLINT ``fmpq`` (the engine) against
    ``fractions.Fraction`` (the previous exact path: the same generated step on Fractions),
    for T = 6 .. 12, and the size of the iterates (bits) -- the basis of the step cap
    ``EXACT_MAX_BITS``;
(b) certified and high-precision modes at 50 digits, 10 000 steps: Arb balls (the engine's
    ``ball50``) against mpmath ``mp50`` (no enclosure) and ``mpmath.iv`` intervals (the
    alternative for enclosures).

Writes JSON and prints a markdown table.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from fractions import Fraction as F
from pathlib import Path


def _state():
    from nqm_theory import OneExample
    p = OneExample(width=F(1000), eta=F(5, 2), lam0=F(1), g0=F(7, 10), y=F(3, 10))
    return p.initial_state()[:3]


def _time(fn, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def bench_exact(steps_list, fraction_max):
    from flint import fmpq

    from nqm_theory.symbolic.maps import one_example_map
    cmap = one_example_map()
    step_q = cmap.step_function("exact")
    step_f = cmap.step_function("float64")  # integer coefficients: the same code on Fractions
    x0 = _state()
    rows = []
    for T in steps_list:
        def run(step, conv):
            x = tuple(conv(z) for z in x0)
            for _ in range(T):
                x = step(x, ())
            return x
        tq, xq = _time(lambda: run(step_q, lambda z: fmpq(z.numerator, z.denominator)))
        bits = max(int(z.p).bit_length() + int(z.q).bit_length() for z in xq)
        tf = None
        if T <= fraction_max:
            tf, _ = _time(lambda: run(step_f, lambda z: z))
        rows.append(dict(steps=T, fmpq_seconds=tq, fraction_seconds=tf, bits=bits,
                         ratio=None if tf is None else tf / tq))
    return rows


def bench_balls(steps, digits=50):
    import mpmath
    from flint import arb, ctx, fmpq

    from nqm_theory.maps import parse_precision
    from nqm_theory.symbolic.maps import one_example_map
    cmap = one_example_map()
    x0 = _state()
    out = {}
    prec = parse_precision(f"ball{digits}")
    step = cmap.step_function(prec.name)
    with prec.context():
        x = tuple(arb(fmpq(z.numerator, z.denominator)) for z in x0)
        t, _ = _time(lambda: _loop(step, x, steps))
    out["arb_ball"] = t
    step = cmap.step_function(f"mp{digits}")
    with mpmath.workdps(digits):
        x = tuple(mpmath.mpf(z.numerator) / z.denominator for z in x0)
        out["mpmath_mp"], _ = _time(lambda: _loop(step, x, steps))
    iv, old = mpmath.iv, mpmath.iv.dps
    iv.dps = digits
    try:
        x = tuple(iv.mpf(z.numerator) / z.denominator for z in x0)
        out["mpmath_iv"], _ = _time(lambda: _loop(step, x, steps))
    finally:
        iv.dps = old
    assert ctx.prec > 0
    return out


def _loop(step, x, steps):
    for _ in range(steps):
        x = step(x, ())
    return x


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer steps (seconds)")
    ap.add_argument("--out", default=str(Path(__file__).with_name("results_numbers.json")))
    args = ap.parse_args(argv)
    from nqm_theory._io import atomic_write_json
    from nqm_theory.maps import EXACT_MAX_BITS
    exact = bench_exact(range(6, 11 if args.quick else 13), 9 if args.quick else 11)
    balls = bench_balls(1000 if args.quick else 10_000)
    res = dict(machine=platform.processor() or platform.machine(), python=sys.version.split()[0],
               exact=exact, balls_50_digits=balls, exact_max_bits=EXACT_MAX_BITS,
               max_exact_steps_one_digit_inputs=max(r["steps"] for r in exact
                                                    if r["bits"] <= EXACT_MAX_BITS))
    atomic_write_json(args.out, res)
    print("| exact steps | fmpq (s) | Fraction (s) | Fraction / fmpq | bits |\n|---|---|---|---|---|")
    for r in exact:
        fr = "" if r["fraction_seconds"] is None else f"{r['fraction_seconds']:.3g}"
        ra = "" if r["ratio"] is None else f"{r['ratio']:.3g}"
        print(f"| {r['steps']} | {r['fmpq_seconds']:.3g} | {fr} | {ra} | {r['bits']:.3g} |")
    n = 1000 if args.quick else 10_000
    print(f"\n| 50 digits, {n} steps | seconds | vs Arb |\n|---|---|---|")
    for k, v in balls.items():
        print(f"| {k} | {v:.3g} | {v / balls['arb_ball']:.3g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
