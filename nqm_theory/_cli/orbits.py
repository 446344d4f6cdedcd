"""``nqm-theory orbits``: is the catapult chaotic? Orbit diagram, uncertainty, FTLE, figure."""
from __future__ import annotations

import json

from .._validate import NQMValueError
from ._common import print_json

NAME = "orbits"
HELP = ("dynamics of the (u, v, w) map: fixed points, orbit diagram of eta*lambda_inf, "
        "uncertainty exponents and FTLE (answers 'is the catapult chaotic?')")


def add_arguments(p):
    p.add_argument("--plot", default=None, help="write the 4-panel figure here (PNG/PDF)")
    p.add_argument("--json-out", default=None, help="write the full JSON summary here")
    p.add_argument("--quick", action="store_true", help="coarser sampling (seconds)")


def run(args) -> int:
    from ..dynamics.report import chaos_analysis
    kw = dict(n_full=2001, n_zoom=2001, pairs=2000, steps=100_000) if args.quick else {}
    summary, objs = chaos_analysis(**kw)
    if args.json_out:
        with open(args.json_out, "w") as fh:
            json.dump(summary, fh, indent=1, default=str)
    if args.plot:
        from ..plotting.phase import figure_orbits
        fig = figure_orbits(*objs, caption=(
            "GD on the one-example ReLU NQM, exact (u, v, w) map in float64, g0 = 0.7, y = 0.3, "
            "|x|^2/d = 1, lam0 = 1. `nqm-theory orbits" + (" --quick" if args.quick else "")
            + "`"))
        try:
            fig.savefig(args.plot, dpi=120)
        except (OSError, ValueError) as exc:
            raise NQMValueError(f"`--plot` cannot be written: {exc}") from None
    print_json({k: summary[k] for k in ("jumps_zoom", "ftle", "final_period")} |
               {"alpha_near_4": {str(u["width"]): u["alpha"]
                                 for u in summary["uncertainty_near_4"]}})
    return 0
