"""Benchmark of the sharp-theory tools (issue 13), ratios within one run.

Usage::

    python benchmarks/bench_sharp.py [--quick] [--out benchmarks/results_sharp.json]

(a) exact nullspace of the invariant search's linear systems: FLINT ``fmpq_mat.rref``
    (the package) against SymPy's rational ``Matrix.nullspace``, on the composition matrix
    of the one-example map at degree 2 and 3 (minus a cofactor matrix);
(b) certified runs of the one-example map: float64 interval arithmetic (numba,
    :mod:`nqm_theory.sharp.intervals`) against Arb balls at 40 digits (the engine's
    ``ball40``), steps per second on the same catapult run;
(c) the certified phase diagram of ``phase --certify`` on a small grid (cells per second).

Writes JSON and prints a markdown table.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from fractions import Fraction as F
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _time(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def bench_nullspace(degree):
    import sympy as sp

    from nqm_theory.sharp.polys import (coefficient_matrix, context, from_sympy, monomials,
                                        nullspace)
    from nqm_theory.symbolic.maps import one_example_map
    cmap = one_example_map()
    ctx, _ = context(cmap.state)
    Fm = [from_sympy(e, cmap.state, ctx) for e in cmap.update]
    basis = [ctx.from_dict({e: 1}) for e in monomials(3, degree)]
    u, v, w = ctx.gens()
    s = 1 - v + u + w
    rows = {}
    T = coefficient_matrix([b.compose(*Fm) for b in basis], rows)
    B = coefficient_matrix([s * s * b for b in basis], rows)
    from flint import fmpq_mat
    T = fmpq_mat(len(rows), len(basis), [T[i, j] if i < T.nrows() else 0
                                         for i in range(len(rows)) for j in range(len(basis))])
    M = T - B
    t_flint, ker = _time(lambda: nullspace(M))
    S = sp.Matrix(M.nrows(), M.ncols(), lambda i, j: sp.Rational(int(M[i, j].p), int(M[i, j].q)))
    t_sympy, ker2 = _time(lambda: S.nullspace())
    assert len(ker) == len(ker2)
    return {"degree": degree, "shape": [M.nrows(), M.ncols()], "kernel_dim": len(ker),
            "flint_s": t_flint, "sympy_s": t_sympy, "ratio_sympy_over_flint": t_sympy / t_flint}


def bench_runs(steps):
    import numpy as np

    from nqm_theory import OneExample, iterate
    from nqm_theory.results import Tolerances
    from nqm_theory.sharp.certify import _iv, exact_state
    from nqm_theory.sharp.intervals import run_cells
    # a cell that the float64 phase diagram left undecided (slow convergence to a kernel
    # near 0): Lemma T first holds after about 3e4 steps
    row = (F(24290816.3426074), F(3.0859062042012697), F(1), F(7, 10), F(3, 10), F(1))
    u, v, w, s = exact_state(*row)
    x0 = np.array([[*_iv(u), *_iv(v), *_iv(w)]])
    k = np.array([_iv(w * w / u)])
    run_cells(x0, k, np.array([1e300]), steps=10)                      # compile
    t_iv, out = _time(lambda: run_cells(x0, k, np.array([1e300]), steps=steps))
    n_iv = int(out["steps"][0])
    p = OneExample(width=row[0], eta=row[1], lam0=row[2], g0=row[3], y=row[4], x2d=row[5])
    nb = min(n_iv, 20_000)
    t_ball, run = _time(lambda: iterate(p, precision="ball40", steps=nb, record=False,
                                        tolerances=Tolerances(loss_tol=1e-300)))
    return {"interval_steps_per_s": n_iv / t_iv, "ball40_steps_per_s": run.steps / t_ball,
            "ratio_interval_over_ball": (n_iv / t_iv) / (run.steps / t_ball),
            "interval_steps": n_iv, "ball_steps": run.steps}


def bench_phase(n1, n2):
    import numpy as np

    from nqm_theory.sharp.phase import certified_phase_diagram
    el, wd = np.linspace(0.05, 4.55, n1), np.geomspace(1e2, 1e10, n2)
    certified_phase_diagram(el[:2], wd[:1])                           # compile
    t, cp = _time(lambda: certified_phase_diagram(el, wd))
    return {"cells": int(cp.certified.size), "certified": int(cp.certified.sum()),
            "seconds": t, "cells_per_s": cp.certified.size / t, "counts": cp.counts()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent / "results_sharp.json")
    args = ap.parse_args(argv)
    res = {"machine": platform.platform(), "python": sys.version.split()[0],
           "nullspace": [bench_nullspace(d) for d in ((2,) if args.quick else (2, 3))],
           "runs": bench_runs(100_000 if args.quick else 2_000_000),
           "phase": bench_phase(*((16, 4) if args.quick else (128, 16)))}
    from nqm_theory._io import atomic_write_json
    atomic_write_json(args.out, res)
    print("| measurement | value |\n|---|---|")
    for r in res["nullspace"]:
        print(f"| nullspace deg {r['degree']} {r['shape']}: SymPy / FLINT time | "
              f"{r['ratio_sympy_over_flint']:.1f}x ({r['sympy_s']:.3f} s vs {r['flint_s']:.4f} s) |")
    r = res["runs"]
    print(f"| certified steps/s: float64 intervals / ball40 | {r['ratio_interval_over_ball']:.0f}x "
          f"({r['interval_steps_per_s']:.3g} vs {r['ball40_steps_per_s']:.3g}) |")
    p = res["phase"]
    print(f"| phase --certify: cells/s ({p['cells']} cells, {p['certified']} certified) | "
          f"{p['cells_per_s']:.3g} |")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
