"""Benchmark of the float64 grid core (issue 5): cell-steps per second, one run, ratios.

Usage::

    python benchmarks/bench_core.py [--quick] [--out benchmarks/results.json]

Measures, on the issue's grid (eta*lam0 in [0.05, 4.55] x 2048, width 1e2..1e10 x 2048
log-spaced, the catalogue's default setting g0 = 0.7, y = 0.3, |x|^2/d = 1, lam0 = 1, at most
4000 steps; ``--quick`` uses 512 x 512):

(a) a C loop of the same map (per-cell early exit) around the step the engine prints from
    the derived map (``CompiledMap.source("c")``), compiled here with ``gcc -O2`` (no
    -ffast-math), single thread, on the same float64 initial states (read from a file), and
    checks that its per-cell results equal ours exactly;
(b) the engine's numba core (``one_example_map().kernels()["run_cells"]``, the loop factory
    of ``nqm_theory.maps.parallel`` around the compiled step) with 1 thread and all cores;
(c) the naive per-cell Python loop (the same cell loop on Python floats) on a random subgrid;
(d) the parameter-space simulator (``gradient_descent(kind="quad")``, d = n = 1) at the same
    (eta, m) for a few widths;
(e) the whole ``nqm-theory phase`` process (wall time, warm compile cache) vs the C time.

A useful cell-step is one application of the map; a grid's count is the sum over cells of
the steps taken.  Writes JSON and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

C_LOOP = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
/* The classification loop of nqm_theory/maps/loops.py::make_nqm_cell, written in C around
   the step that the engine printed from the derived map (CompiledMap.source("c")). */
int main(int argc, char **argv) {
  long n = atol(argv[1]); long steps = atol(argv[2]);
  double tol = atof(argv[3]), ovf = atof(argv[4]);
  double *in = malloc(4 * n * sizeof(double));
  FILE *f = fopen(argv[5], "rb");
  if (fread(in, sizeof(double), 4 * n, f) != (size_t)(4 * n)) return 1;
  fclose(f);
  signed char *reg = malloc(n); long *nt = malloc(n * 8); double *pk = malloc(n * 8), *fv = malloc(n * 8);
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  double p[1];
  for (long k = 0; k < n; k++) {
    double x[3] = {in[k], in[n + k], in[2 * n + k]}, o[3], s = in[3 * n + k];
    double loss0 = x[0] * s, peak = loss0; long t = 0; int regime = 3;
    for (;;) {
      double loss = x[0] * s;
      if (loss > peak) peak = loss;
      if (!(loss <= ovf) || !((x[1] - x[1]) == 0) || !((x[2] - x[2]) == 0)) { regime = 2; break; }
      if (loss < tol && (x[0] == 0 || (x[1] > 0 && x[1] < 2))) { regime = peak > loss0 ? 1 : 0; break; }
      if (t >= steps) break;
      step(x, p, o); x[0] = o[0]; x[1] = o[1]; x[2] = o[2]; t++;
    }
    reg[k] = regime; nt[k] = t; pk[k] = peak; fv[k] = x[1];
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  fprintf(stderr, "%.9f\n", (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec));
  fwrite(reg, 1, n, stdout); fwrite(nt, 8, n, stdout); fwrite(pk, 8, n, stdout); fwrite(fv, 8, n, stdout);
  return 0;
}
"""
def _setting():
    from nqm_theory.catalogue import DEFAULT_SETTING as d
    return d.g0, d.y, d.x2d, d.lam0


G0, Y, X2D, LAM0 = _setting()
STEPS = 4000


def grid(n1, n2):
    from nqm_theory.grid.states import linear_axis, log_axis
    return linear_axis(0.05, 4.55, n1), log_axis(1e2, 1e10, n2)


def spec_of(el, wd):
    from nqm_theory.grid.phase import _spec
    from nqm_theory.results import Tolerances
    return _spec(el, wd, G0, Y, X2D, LAM0, STEPS, Tolerances())


def bench_c(spec, ours, tmp: Path):
    """(a): compile and run the C loop; compare per-cell results with ours exactly."""
    from nqm_theory.grid.states import cell_inputs, initial_states
    from nqm_theory.symbolic.maps import one_example_map
    src, exe, data = tmp / "core.c", tmp / "core", tmp / "init.bin"
    src.write_text(one_example_map().source("c") + C_LOOP)
    subprocess.run(["gcc", "-O2", "-o", str(exe), str(src)], check=True)
    eta, m = cell_inputs(np.asarray(spec.eta_lam0), np.asarray(spec.width), 0, spec.cells, LAM0)
    np.concatenate(initial_states(eta, m, LAM0, G0, Y, X2D)).tofile(data)
    n = spec.cells
    best = float("inf")
    for _ in range(3):  # best of 3, as for numba
        p = subprocess.run([str(exe), str(n), str(STEPS), "1e-24", "1e100", str(data)],
                           check=True, capture_output=True)
        best = min(best, float(p.stderr.decode().split()[0]))
    raw = p.stdout
    reg = np.frombuffer(raw[:n], np.int8)
    nt, pk, fv = (np.frombuffer(raw[n + 8 * n * i: n + 8 * n * (i + 1)]) for i in range(3))
    nt = nt.view(np.int64)
    ours = {k: np.asarray(v) for k, v in ours.items()}
    same = (np.array_equal(reg, ours["regime_code"]) and np.array_equal(nt, ours["steps"])
            and np.array_equal(pk, ours["peak_loss"], equal_nan=True)
            and np.array_equal(fv, ours["v_end"], equal_nan=True))
    return best, int(nt.sum()), bool(same)


def bench_numba(spec, threads, repeat=3):
    """(b): ``run_cells`` on the whole grid (inputs prepared outside the timing, as for C).

    Returns (best time of ``repeat``, outputs, time to build the initial states).
    """
    import numba

    from nqm_theory.grid.chunks import compute_chunk, empty_fields
    from nqm_theory.grid.states import cell_inputs, initial_states
    from nqm_theory.symbolic.maps import one_example_map
    cmap = one_example_map()
    compute_chunk(spec, cmap, 0, 16)  # load / compile outside the timing
    run_cells = cmap.kernels()["run_cells"]
    t = time.perf_counter()
    eta, m = cell_inputs(np.asarray(spec.eta_lam0), np.asarray(spec.width), 0, spec.cells, LAM0)
    u0, v0, w0, s = initial_states(eta, m, LAM0, G0, Y, X2D)
    X0 = np.ascontiguousarray(np.stack([u0, v0, w0], axis=1))
    t_init = time.perf_counter() - t
    out = empty_fields(spec.cells)
    final = np.empty((spec.cells, 3))
    P = np.zeros((spec.cells, 0))
    old = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            run_cells(X0, P, s, 1e-24, 1e100, STEPS, out["regime_code"], out["steps"],
                      out["peak_loss"], out["peak_step"], out["final_loss"], final)
            best = min(best, time.perf_counter() - t)
        out["v_end"] = final[:, 1].copy()
        return best, out, t_init
    finally:
        numba.set_num_threads(old)


def bench_python(spec, ncells=48, seed=0):
    """(c): naive per-cell pure-Python loop on random cells (sum of steps / time)."""
    from nqm_theory.core.iterate import nqm_cell
    from nqm_theory.grid.states import cell_inputs, initial_states
    from nqm_theory.symbolic.maps import one_example_map
    run_cell = nqm_cell(one_example_map(), "float64")
    idx = np.random.default_rng(seed).integers(0, spec.cells, ncells)
    empty = np.empty((0, 3))
    total, t = 0, time.perf_counter()
    for k in idx:
        eta, m = cell_inputs(np.asarray(spec.eta_lam0), np.asarray(spec.width), k, k + 1, LAM0)
        u0, v0, w0, s = (float(a[0]) for a in initial_states(eta, m, LAM0, G0, Y, X2D))
        total += run_cell((u0, v0, w0), (), s, 1e-24, 1e100, STEPS, empty)[1]
    return time.perf_counter() - t, total


def bench_params(eta_lam0=3.0, widths=(100, 1000, 10000), steps=300):
    """(d): parameter-space GD on the ReLU NQM (kind="quad", d = n = 1), steps per second."""
    from nqm_theory.params import TwoLayerReLU, gradient_descent
    rows = []
    for m in widths:
        net = TwoLayerReLU.init(m, 1, seed=0)
        X, yv = np.array([[1.0]]), np.array([Y])
        lam0 = float(net.kernel(net.U0, net.V0, X, kind="quad")[0, 0])
        t = time.perf_counter()
        h = gradient_descent(net, X, yv, eta=eta_lam0 / lam0, steps=steps, kind="quad",
                             record_kernel=False)
        dt = time.perf_counter() - t
        rows.append(dict(width=m, steps=h.steps, seconds=dt, cell_steps_per_s=h.steps / dt))
    return rows


def bench_process(n1, n2, tmp: Path, repeat=2):
    """(e): best wall time of the whole CLI process (compile cache warm: run once first)."""
    cmd = [sys.executable, "-m", "nqm_theory", "phase", "--eta-lam0", "0.05", "4.55", str(n1),
           "--width", "1e2", "1e10", str(n2), "--steps", str(STEPS), "--out",
           str(tmp / "pd.npz"), "--no-progress"]
    subprocess.run(cmd[:7] + ["4", "--width", "1e2", "1e3", "2", "--out", str(tmp / "w.npz"),
                              "--no-progress"], check=True, capture_output=True)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="512 x 512 grid instead of 2048 x 2048")
    ap.add_argument("--out", default=str(Path(__file__).with_name("results.json")))
    args = ap.parse_args(argv)
    import numba
    n1 = n2 = 512 if args.quick else 2048
    spec = spec_of(*grid(n1, n2))
    cores = numba.config.NUMBA_NUM_THREADS
    with tempfile.TemporaryDirectory(prefix="nqm_bench_") as tmpd:
        tmp = Path(tmpd)
        t1, ours, t_init = bench_numba(spec, 1)
        tn, _, _ = bench_numba(spec, cores)
        tc, c_steps, c_same = bench_c(spec, ours, tmp)
        tp, p_steps = bench_python(spec)
        params = bench_params()
        tproc = bench_process(n1, n2, tmp)
    cs = int(ours["steps"].sum())
    assert cs == c_steps
    rate = lambda n, t: n / t  # noqa: E731
    res = dict(grid=[n1, n2], steps_budget=STEPS, cell_steps=cs, cores=cores,
               machine=platform.processor() or platform.machine(),
               load_avg=os.getloadavg(), c_equals_numba_bitwise=c_same,
               c=dict(seconds=tc, cell_steps_per_s=rate(cs, tc)),
               numba_1_thread=dict(seconds=t1, cell_steps_per_s=rate(cs, t1)),
               numba_all_cores=dict(seconds=tn, cell_steps_per_s=rate(cs, tn)),
               initial_states_seconds=t_init,
               python_loop=dict(seconds=tp, cell_steps=p_steps,
                                cell_steps_per_s=rate(p_steps, tp)),
               param_space=params,
               phase_process=dict(seconds=tproc, ratio_to_c=tproc / tc))
    from nqm_theory._io import atomic_write_json
    atomic_write_json(args.out, res)
    print(f"grid {n1} x {n2}, {cs:.3e} useful cell-steps, {cores} cores, "
          f"load avg {res['load_avg'][0]:.2f}; C == numba bit for bit: {c_same}; "
          f"best of 3 (process: of 2); initial states {t_init:.2f} s\n")
    print("| implementation | cell-steps/s | time (s) | speed vs C |\n|---|---|---|---|")
    rows = [("C loop, gcc -O2, 1 thread", rate(cs, tc), tc),
            ("numba core, 1 thread", rate(cs, t1), t1),
            (f"numba core, {cores} threads", rate(cs, tn), tn),
            ("naive per-cell Python loop", rate(p_steps, tp), None)]
    rows += [(f"parameter-space GD (quad), m = {r['width']}", r["cell_steps_per_s"], None)
             for r in params]
    for name, r, t in rows:
        tt = "" if t is None else f"{t:.2f}"
        print(f"| {name} | {r:.3g} | {tt} | {r / rate(cs, tc):.3g} |")
    print(f"| whole `nqm-theory phase` process | | {tproc:.2f} | time ratio to C: "
          f"{tproc / tc:.2f} (must be <= 2) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
