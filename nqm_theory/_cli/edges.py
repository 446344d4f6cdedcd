"""``nqm-theory edges``: the exact edges of the catapult window at one width (docs/theory.md §4)."""
from __future__ import annotations

from .._validate import NQMValueError
from ._common import parse_number, print_json

NAME = "edges"
HELP = ("exact edges in eta*lam0 of the catapult window at finite width: onset of the "
        "catapult and end of convergence, with proven / certified / measured status; "
        "convention: lambda0 = --lam0 (default 1), eta = eta*lambda0 / lambda0")

#: Bounds that keep the exact computations meaningful and their cost bounded.
_LIMITS = {"--width": (0, 10**30), "--g0": (-10**6, 10**6), "--y": (-10**6, 10**6),
           "--x2d": (0, 10**6), "--lam0": (0, 10**6)}


def add_arguments(p):
    p.add_argument("--width", required=True, help="network width m in (0, 1e30]")
    p.add_argument("--g0", required=True, help="initial NQM output g(0), |g0| <= 1e6")
    p.add_argument("--y", required=True, help="label y, |y| <= 1e6, y != g0")
    p.add_argument("--x2d", default="1", help="|x|^2/d in (0, 1e6] (default 1)")
    p.add_argument("--lam0", default="1", help="initial kernel lambda(0) in (0, 1e6] "
                                               "(default 1)")
    p.add_argument("--no-certify", action="store_true",
                   help="skip the certified runs on both sides of each edge (faster)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _value(flag, text):
    q = parse_number(flag, text)
    lo, hi = _LIMITS[flag]
    positive = flag in ("--width", "--x2d", "--lam0")
    if (positive and not lo < q <= hi) or (not positive and not lo <= q <= hi):
        rng = f"in ({lo}, {hi:.0e}]" if positive else f"in [{lo:.0e}, {hi:.0e}]"
        raise NQMValueError(f"`{flag}` must be a number {rng}, got {text}")
    return q


def run(args) -> int:
    from ..sharp.edges import exact_edges
    vals = {f: _value(f, getattr(args, f[2:])) for f in _LIMITS}
    if vals["--g0"] == vals["--y"]:
        raise NQMValueError("`--g0` must differ from `--y`: with g0 = y the loss is 0 at every "
                            "step and there is no catapult")
    e = exact_edges(vals["--width"], vals["--g0"], vals["--y"], vals["--x2d"], vals["--lam0"],
                    certify=not args.no_certify)
    out = e.to_dict()
    from ..catalogue import convention
    out.update(convention=convention(lam0=float(vals["--lam0"])).text, fixed="lam0")
    if args.json:
        print_json(out)
        return 0
    for key in ("lower", "upper", "divergence"):
        ed = out["edges"][key]
        print(f"{key + '_edge':>16}: {ed['digits']}  [{ed['status']}]")
        print(f"{'':>16}  {ed['justification']}")
    if out["band"]:
        b = out["band"]
        print(f"{'band':>16}: [{b['from']:.12g}, {b['to']:.12g}): {b['nature']}")
    for n in out["notes"]:
        print(f"{'note':>16}: {n}")
    return 0
