"""``nqm-theory phase``: regime / peak loss / final kernel over an eta*lam0 x width grid."""
from __future__ import annotations

import sys

from .._validate import NQMValueError
from ._common import MAX_STEPS, check_output, parse_float, parse_int, print_json

#: Largest number of cells of one phase diagram (about 6 GB of working memory).
MAX_CELLS = 10**8

NAME = "phase"
HELP = ("phase diagram of GD on the one-example NQM over eta*lam0 (linear) x width "
        "(log-spaced); writes an .npz; convention: lambda0 = 1, eta = eta*lambda0 (--lam0 "
        "holds another lambda0)")


def add_arguments(p):
    p.add_argument("--eta-lam0", nargs=3, required=True, metavar=("START", "STOP", "N"),
                   help="eta*lambda0 axis: N linearly spaced values in [START, STOP]; "
                        "lambda0 is held fixed (--lam0, default 1), so eta = "
                        "eta*lambda0 / lambda0")
    p.add_argument("--width", nargs=3, required=True, metavar=("START", "STOP", "N"),
                   help="width axis: N log-spaced values in [START, STOP]")
    from ..catalogue import DEFAULT_SETTING as d
    p.add_argument("--g0", default=repr(d.g0), help=f"initial NQM output g(0) (default {d.g0})")
    p.add_argument("--y", default=repr(d.y), help=f"label y (default {d.y})")
    p.add_argument("--x2d", default=repr(d.x2d), help=f"|x|^2/d > 0 (default {d.x2d:g})")
    p.add_argument("--lam0", default=repr(d.lam0),
                   help=f"initial kernel lambda(0) > 0, held fixed over the eta*lambda0 "
                        f"axis (default {d.lam0:g}: eta = eta*lambda0)")
    p.add_argument("--steps", default="10000", help="step budget per cell (default 10000)")
    p.add_argument("--loss-tol", default="1e-24", help="convergence: loss below this (1e-24)")
    p.add_argument("--overflow", default="1e100", help="divergence: loss above this (1e100)")
    p.add_argument("--out", required=True, help="output FILE.npz (resume dir FILE.npz.parts/)")
    p.add_argument("--chunk-cells", default=str(1 << 20), help="cells per chunk (1048576)")
    p.add_argument("--threads", default=None, help="numba threads (default: all cores)")
    p.add_argument("--scheduler", default=None,
                   help="Dask scheduler ADDRESS (needs nqm_theory[distributed])")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--keep-parts", action="store_true", help="keep FILE.npz.parts/ afterwards")
    p.add_argument("--plot", default=None, metavar="PREFIX",
                   help="also draw PREFIX_phase.png (regime, peak loss, final kernel with "
                        "theory lines) and PREFIX_peak.png (peak loss vs width)")
    p.add_argument("--certify", action="store_true",
                   help="certified phase diagram (float64 intervals + Lemma T, theorems, Arb "
                        "balls): every cell reports `certified`; --steps is then the "
                        "interval step budget (default 1000000)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")


def _axes(args):
    from ..grid.states import linear_axis, log_axis
    n1 = parse_int("--eta-lam0 N", args.eta_lam0[2], ge=1, le=MAX_CELLS)
    n2 = parse_int("--width N", args.width[2], ge=1, le=MAX_CELLS)
    if n1 * n2 > MAX_CELLS:
        raise NQMValueError(f"`--eta-lam0 N` x `--width N` must be at most {MAX_CELLS} cells, "
                            f"got {n1} x {n2}")
    el = linear_axis(parse_float("--eta-lam0 START", args.eta_lam0[0], gt=0),
                     parse_float("--eta-lam0 STOP", args.eta_lam0[1], gt=0), n1)
    wd = log_axis(parse_float("--width START", args.width[0], gt=0),
                  parse_float("--width STOP", args.width[1], gt=0), n2)
    return el, wd


def _threads(text):
    if text is None:
        return None
    import numba
    return parse_int("--threads", text, ge=1, le=numba.config.NUMBA_NUM_THREADS)


def run(args) -> int:
    if args.certify:
        return _certified(args)
    from ..grid.phase import phase_diagram
    from ..results import Tolerances
    el, wd = _axes(args)
    tol = Tolerances(loss_tol=parse_float("--loss-tol", args.loss_tol, gt=0),
                     overflow=parse_float("--overflow", args.overflow, gt=0))
    kw = {k: parse_float(f"--{k}", getattr(args, k)) for k in ("g0", "y")}
    kw.update({k: parse_float(f"--{k}", getattr(args, k), gt=0) for k in ("x2d", "lam0")})
    steps = parse_int("--steps", args.steps, ge=1, le=MAX_STEPS)
    chunk = parse_int("--chunk-cells", args.chunk_cells, ge=1, le=MAX_CELLS)
    threads = _threads(args.threads)
    check_output("--out", args.out)
    check_output("--out", str(args.out) + ".parts", kind="dir")
    if args.plot is not None:
        for suffix in ("_phase.png", "_peak.png"):
            check_output("--plot", args.plot + suffix)
    executor = None
    if args.scheduler is not None:
        from ..grid.distributed import DaskExecutor
        executor = DaskExecutor(args.scheduler)
        executor.connect()   # an unreachable scheduler is an error before any work
    try:
        pd = phase_diagram(el, wd, **kw, steps=steps, tolerances=tol, out=args.out,
                           chunk_cells=chunk, executor=executor, threads=threads,
                           progress=not args.no_progress, keep_parts=args.keep_parts)
    except KeyboardInterrupt:
        print(f"nqm-theory: interrupted; finished chunks are kept in {args.out}.parts/ "
              "(rerun the same command to resume)", file=sys.stderr)
        return 130
    if args.plot:
        _plot(pd, args)
    summary = dict(out=str(args.out), shape=list(pd.regime_code.shape), counts=pd.counts(),
                   cell_steps=int(pd.steps.sum()), **kw, steps=pd.max_steps)
    summary.update(pd.convention.to_dict())
    if args.json:
        print_json(summary)
    else:
        print(f"wrote {args.out}: {pd!r}")
    return 0


def _certified(args) -> int:
    """``--certify``: :func:`nqm_theory.sharp.phase.certified_phase_diagram` (limit cells)."""
    from ..sharp.phase import certified_phase_diagram
    el, wd = _axes(args)
    if el.size * wd.size > _MAX_CERTIFIED:
        raise NQMValueError(f"`--eta-lam0 N` x `--width N` must be at most {_MAX_CERTIFIED} "
                            f"cells with --certify, got {el.size} x {wd.size}")
    for flag, val in (("--scheduler", args.scheduler), ("--plot", args.plot)):
        if val is not None:
            raise NQMValueError(f"`{flag}` cannot be combined with --certify")
    kw = {k: parse_float(f"--{k}", getattr(args, k)) for k in ("g0", "y")}
    kw.update({k: parse_float(f"--{k}", getattr(args, k), gt=0) for k in ("x2d", "lam0")})
    steps = 1_000_000 if args.steps == "10000" else parse_int("--steps", args.steps, ge=1,
                                                                  le=MAX_STEPS)
    check_output("--out", args.out)
    cp = certified_phase_diagram(el, wd, **kw, steps=steps,
                                 overflow=parse_float("--overflow", args.overflow, gt=0))
    cp.save(args.out)
    summary = dict(out=str(args.out), shape=list(cp.regime.shape), counts=cp.counts(),
                   certified=int(cp.certified.sum()), cells=int(cp.certified.size), **kw,
                   steps=steps)
    from ..catalogue import convention
    summary.update(convention(lam0=kw["lam0"]).to_dict())
    if args.json:
        print_json(summary)
    else:
        print(f"wrote {args.out}: {summary['certified']} of {summary['cells']} cells "
              f"certified; {cp.counts()}")
    return 0


#: Largest certified phase diagram (cells); each cell may need up to --steps interval steps.
_MAX_CERTIFIED = 4 * 10**6


def _plot(pd, args) -> None:
    from .._io import atomic_savefig
    from ..plotting.phase import figure_peak_vs_width_grid, figure_phase
    cap = (f"Data: GD on the one-example ReLU NQM (exact map, float64): g0 = {pd.g0}, "
           f"y = {pd.y}, |x|^2/d = {pd.x2d}; convention {pd.convention.text} (lambda0 = "
           f"{pd.lam0:g} held fixed); at most {pd.max_steps} steps; `nqm-theory phase`.")
    for suffix, fig in (("_phase.png", figure_phase(pd, cap)),
                        ("_peak.png", figure_peak_vs_width_grid(pd, [2.2, 2.6, 3.0, 3.4, 3.8],
                                                                cap))):
        from .._io import atomic_savefig
        try:
            atomic_savefig(fig, args.plot + suffix, dpi=110)
        except (OSError, ValueError) as exc:
            raise NQMValueError(f"`--plot` cannot be written: {exc}") from None
