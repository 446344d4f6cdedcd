"""Benchmark of the reduced maps of issue 11 against parameter-space GD of the same NQM.

Usage::

    python benchmarks/bench_activations.py [--quick] [--out benchmarks/results_activations.json]

For one draw per activation (tanh and relu) at width m (d = 10, x = (1, ..., 1)) and a grid of
eta*lam0, the same GD runs are done three ways, in the same process:

(a) the naive reference: ``descend`` on ``ActivationNetwork.bind(kind="quad")`` (full U of
    shape (m, d) and V, the Taylor formula of f_quad), one run per eta*lam0;
(b) the population map, one run at a time (``run_population``, float64 numpy);
(c) the population map batched over the grid (``run_batch``);
(d) relu only: the spectral CompiledMap (4 numbers) in the engine's numba NQM cell loop.

Reported: seconds, GD steps per second and the speed-up of (b), (c), (d) over (a); the
results of every method are checked to agree (regimes equal, final eta*lam within 1e-8).
"""
from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _run(name, m, d, v0s, steps):
    from nqm_theory.activations.batch import run_batch
    from nqm_theory.activations.catalogue import make_activation
    from nqm_theory.activations.population import run_population
    from nqm_theory.activations.window import draw
    from nqm_theory.params.gd import descend
    act = make_activation(name)
    dr = draw(act, m, d, 0)
    y = 0.5
    out = {"activation": name, "m": m, "d": d, "runs": len(v0s)}
    etas = [v / dr.lam0 for v in v0s]
    rho0 = [e * (dr.g0 - y) / math.sqrt(m) for e in etas]
    t0 = time.perf_counter()
    single = [run_population(dr.population, e, r, steps=steps, scale=m / (2 * e * e))
              for e, r in zip(etas, rho0)]
    out["population_single_s"] = time.perf_counter() - t0
    total_steps = sum(r.steps for r in single)
    t0 = time.perf_counter()
    batch = run_batch(dr.population, etas, rho0, steps=steps,
                      scales=[m / (2 * e * e) for e in etas])
    out["population_batch_s"] = time.perf_counter() - t0
    bound = dr.network.bind(dr.X, kind="quad")
    t0 = time.perf_counter()
    naive = [descend(bound, bound.w0, np.array([y]), eta=e, steps=r.steps, overflow=1e100)
             for e, r in zip(etas, single)]
    out["parameter_space_s"] = time.perf_counter() - t0
    for r, b, h, e in zip(single, batch.final_v, naive, etas):
        if r.regime.success:
            assert abs(e * h.kernel_eigs[-1, 0] - r.final_v) < 1e-8 * max(1, r.final_v)
            assert abs(b - r.final_v) < 1e-12 * max(1, r.final_v)
    out["gd_steps"] = total_steps
    out["speedup_single"] = out["parameter_space_s"] / out["population_single_s"]
    out["speedup_batch"] = out["parameter_space_s"] / out["population_batch_s"]
    if name == "relu":
        from fractions import Fraction

        from nqm_theory.activations.spectral import spectral_map, spectral_state
        zs = (dr.network.U0 @ dr.X[0]) / math.sqrt(d)
        cell = spectral_map((Fraction(1), Fraction(-1)), "cell")
        run_cell = cell.kernels()["run_cell"]
        states = []
        for e, r in zip(etas, rho0):
            _, st = spectral_state(act, zs, dr.network.V0, e, r)
            states.append((st[0] ** 2, sum(st[1:]), st[0], st[2]))
        run_cell(states[0], np.zeros(0), 1.0, 1e-30, 1e100, 10, np.zeros((0, 4)))  # compile
        t0 = time.perf_counter()
        for st, e in zip(states, etas):
            run_cell(st, np.zeros(0), m / (2 * e * e), 1e-24, 1e100, steps, np.zeros((0, 4)))
        out["spectral_numba_s"] = time.perf_counter() - t0
        out["speedup_spectral"] = out["parameter_space_s"] / out["spectral_numba_s"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=str(Path(__file__).with_name("results_activations.json")))
    args = ap.parse_args(argv)
    from nqm_theory._io import atomic_write_json
    m = 512 if args.quick else 4096
    v0s = list(np.round(np.arange(1.5, 4.01, 0.25 if args.quick else 0.1), 3))
    rows = [_run(name, m, 10, v0s, 20000) for name in ("relu", "tanh")]
    res = {"machine": platform.platform(), "python": platform.python_version(),
           "quick": args.quick, "rows": rows}
    atomic_write_json(args.out, res)
    print("| activation | m | runs | GD steps | param-space s | single s | batch s | "
          "speed-up single | speed-up batch |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['activation']} | {r['m']} | {r['runs']} | {r['gd_steps']} | "
              f"{r['parameter_space_s']:.2f} | {r['population_single_s']:.2f} | "
              f"{r['population_batch_s']:.2f} | {r['speedup_single']:.1f}x | "
              f"{r['speedup_batch']:.1f}x |")
        if "speedup_spectral" in r:
            print(f"(relu spectral map, numba cell loop: {r['spectral_numba_s']:.4f} s, "
                  f"{r['speedup_spectral']:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
