"""Benchmark of the parameter-space trainer (issue 12): batched gradients vs a naive loop.

Usage::

    python benchmarks/bench_train.py [--quick] [--out benchmarks/results_train.json]

For the sweep's sizes (m = 512, n = 200; d = 64 with k = 1 as digits2, k = 10 as
digits10), in one process with one BLAS thread, times

(a) one loss gradient J^T r: ours (``BoundMultiOutput.vjp``, (m, n) coefficient arrays)
    against a naive reference that loops over the examples and adds per-example gradients
    from ``TwoLayerReLU.gradients`` (one (m, d) array per example and output);
(b) lambda_max of the (n k) x (n k) NTK: ours (``top_eigen``: dense n x n for k = 1,
    Lanczos on the kernel matvec for k = 10) against the naive route, the dense Jacobian
    (n k, m d + m k) from per-example gradients, J J^T and ``eigvalsh``;
(c) one full training step of ``train`` (GD, f, records off) per model kind.

Checks that both routes agree (relative difference) and writes JSON with the ratios.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _best(fn, repeat):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _naive_grad(net, X, U, V, R):
    gU, gV = np.zeros_like(U), np.zeros_like(V)
    for c in range(net.k):
        scalar = net.output_network(c)
        for a in range(X.shape[0]):
            dU, dV = scalar.gradients(U, V[:, c], X[a:a + 1], kind="net")
            gU += R[a, c] * dU[0]
            gV[:, c] += R[a, c] * dV[0]
    return gU, gV


def _naive_lam(net, X, U, V):
    n, m, d, k = X.shape[0], net.m, net.d, net.k
    J = np.zeros((n, k, m * d + m * k))
    for c in range(k):
        dU, dV = net.output_network(c).gradients(U, V[:, c], X, kind="net")
        J[:, c, :m * d] = dU.reshape(n, -1)
        J[:, c, m * d + c::k] = dV
    J = J.reshape(n * k, -1)
    return np.linalg.eigvalsh(J @ J.T)[-1]


def bench(m, n, d, k, repeat):
    from nqm_theory.params.multiout import MultiOutputReLU
    from nqm_theory.params.train import train
    net = MultiOutputReLU.init(m, d, k, seed=0)
    rng = np.random.default_rng(1)
    X, R = rng.standard_normal((n, d)), rng.standard_normal((n, k))
    U, V = net.U0 + 0.1, net.V0.copy()
    b = net.bind(X, kind="net")
    ours = b.vjp(U, V, R)
    ref = _naive_grad(net, X, U, V, R)
    grad_err = max(float(np.max(np.abs(o - r)) / np.max(np.abs(r))) for o, r in zip(ours, ref))
    t_vjp = _best(lambda: net.bind(X, kind="net").vjp(U, V, R), repeat)
    t_naive = _best(lambda: _naive_grad(net, X, U, V, R), max(1, repeat // 10))
    lam = float(b.top_eigen(U, V, 1)[0][0])
    lam_ref = float(_naive_lam(net, X, U, V))
    t_eig = _best(lambda: net.bind(X, kind="net").top_eigen(U, V, 1), repeat)
    t_eig_naive = _best(lambda: _naive_lam(net, X, U, V), 1 if k > 1 else 2)
    Y = rng.standard_normal((n, k))
    steps = {}
    for kind in ("net", "quad", "lin"):
        t = _best(lambda: train(net, X, Y, kind=kind, eta=1e-3, steps=50, record_every=50,
                                eig_every=50), max(1, repeat // 5))
        steps[kind] = t / 50
    return {"m": m, "n": n, "d": d, "k": k,
            "grad_ours_s": t_vjp, "grad_naive_s": t_naive, "grad_ratio": t_naive / t_vjp,
            "grad_max_rel_diff": grad_err, "lam_ours_s": t_eig, "lam_naive_s": t_eig_naive,
            "lam_ratio": t_eig_naive / t_eig, "lam_rel_diff": abs(lam - lam_ref) / lam_ref,
            "train_step_s_incl_records": steps}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=str(Path(__file__).with_name("results_train.json")))
    args = p.parse_args(argv)
    from threadpoolctl import threadpool_limits
    from nqm_theory._io import atomic_write_json
    cases = [(128, 64, 64, 1), (128, 64, 64, 10)] if args.quick else \
        [(512, 200, 64, 1), (512, 200, 64, 10)]
    with threadpool_limits(1):
        rows = [bench(*c, repeat=5 if args.quick else 20) for c in cases]
    res = {"machine": platform.platform(), "python": platform.python_version(),
           "numpy": np.__version__, "blas_threads": 1, "quick": args.quick, "cases": rows}
    atomic_write_json(args.out, res)
    print("| m | n | d | k | J^T r ours (ms) | naive (ms) | ratio | lambda_max ours (ms) | "
          "naive (ms) | ratio | GD step f (ms) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['m']} | {r['n']} | {r['d']} | {r['k']} | {1e3 * r['grad_ours_s']:.3f} | "
              f"{1e3 * r['grad_naive_s']:.1f} | {r['grad_ratio']:.0f}x | "
              f"{1e3 * r['lam_ours_s']:.2f} | {1e3 * r['lam_naive_s']:.1f} | "
              f"{r['lam_ratio']:.1f}x | {1e3 * r['train_step_s_incl_records']['net']:.2f} |")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
