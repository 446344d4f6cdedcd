"""``nqm-theory simulate``: iterate the one-example map (docs/theory.md §3) for one setting."""
from __future__ import annotations

from fractions import Fraction

from .._validate import NQMValueError
from ..results import EXACT_DEFAULT_STEPS
from ._common import MAX_STEPS, json_number, parse_float, parse_int, parse_number, print_json

NAME = "simulate"
HELP = ("GD on the one-example ReLU NQM through its exact (u, v, w) map; prints the final "
        "kernel lambda and eta*lambda beside it")


def add_arguments(p):
    p.add_argument("--width", required=True, help="network width m > 0 (real, e.g. 1e6)")
    p.add_argument("--eta", required=True, help="learning rate eta > 0")
    p.add_argument("--lam0", required=True, help="initial kernel lambda(0) > 0")
    p.add_argument("--g0", required=True, help="initial NQM output g(0)")
    p.add_argument("--y", required=True, help="label y")
    p.add_argument("--x2d", default="1", help="|x|^2/d > 0 (default 1)")
    p.add_argument("--steps", default=None,
                   help=f"step budget >= 1 (default 10000; {EXACT_DEFAULT_STEPS} for exact, "
                        "where the predicted size of the iterates, at most 2^24 bits, limits it)")
    p.add_argument("--precision", default="float64",
                   help="float64 | mpN (N digits) | exact (rationals) | ballN (certified "
                        "Arb balls with N digits)")
    p.add_argument("--loss-tol", default="1e-24", help="convergence: loss below this (1e-24)")
    p.add_argument("--overflow", default="1e100", help="divergence: loss above this (1e100)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _positive(flag, text) -> Fraction:
    q = parse_number(flag, text)
    if not q > 0:
        raise NQMValueError(f"`{flag}` must be a number > 0, got {text}")
    return q


def run(args) -> int:
    from ..core.iterate import iterate, parse_precision
    from ..models import OneExample
    from ..results import Tolerances
    kind = parse_precision(args.precision).kind
    problem = OneExample(**{k: parse_number(f"--{k}", getattr(args, k))
                            for k in ("width", "eta", "lam0", "g0", "y", "x2d")})
    default_steps = EXACT_DEFAULT_STEPS if kind == "exact" else 10_000
    steps = default_steps if args.steps is None else parse_int("--steps", args.steps, ge=1,
                                                               le=MAX_STEPS)
    if kind == "float64":
        tol = Tolerances(loss_tol=parse_float("--loss-tol", args.loss_tol, gt=0),
                         overflow=parse_float("--overflow", args.overflow, gt=0))
    else:   # mpN / exact / ballN hold numbers beyond float64: exact bounds
        tol = Tolerances(loss_tol=_positive("--loss-tol", args.loss_tol),
                         overflow=_positive("--overflow", args.overflow))
    res = iterate(problem, steps=steps, precision=args.precision, tolerances=tol,
                  record=False)
    out = res.to_dict()
    out.update({k: json_number(getattr(problem, k)) for k in
                ("width", "eta", "lam0", "g0", "y", "x2d")})
    out.update(eta_lam0=json_number(problem.eta * problem.lam0),
               loss_tol=json_number(Fraction(tol.loss_tol)),
               overflow=json_number(Fraction(tol.overflow)), realizable=problem.realizable)
    if res.regime.value == "divergent" and problem.width >= Fraction(tol.overflow):
        out["message"] += (f"; note: --overflow ({args.overflow}) is not above the width m "
                           f"({args.width}), and a catapult's peak loss is of order m "
                           "delta^2: raise --overflow to tell the two apart")
    if args.json:
        print_json(out)
    else:
        for k in ("regime", "steps", "peak_loss", "peak_step", "initial_loss", "final_loss",
                  "final_kernel", "eta_lam_final", "eta_crit", "eta_max", "precision"):
            print(f"{k:>13}: {out[k]}")
        print(f"{'':>13}  ({res.message})")
        if res.enclosures is not None:
            for k in ("peak_loss", "final_loss", "final_kernel", "eta_lam_final",
                      "limit_kernel"):
                if k + "_lower" not in out:
                    continue
                print(f"{k + ' in':>16}: [{out[k + '_lower']!r}, {out[k + '_upper']!r}]")
            print(f"{'certified':>13}: {out['certified']} ({res.certificate})")
        if not problem.realizable:
            print(f"{'':>13}  note: no network has this (g0, lam0): 4 c g0^2 > lam0^2")
    return 0
