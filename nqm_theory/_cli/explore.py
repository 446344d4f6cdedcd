"""``nqm-theory explore``: write the offline explorer page (see :mod:`nqm_theory.explore`)."""
from __future__ import annotations

from .._validate import NQMValueError
from ._common import check_output, parse_float, parse_int

NAME = "explore"
HELP = ("write a self-contained web page DIR/index.html (works offline) to explore GD on "
        "the one-example NQM: inputs, live plots, phase diagram, derivation")


def add_arguments(p):
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (replaced)")
    p.add_argument("--steps", default="10000",
                   help="default step budget of the page and of each phase-diagram cell "
                        "(default 10000)")
    p.add_argument("--width-range", nargs=2, default=("1e1", "1e9"), metavar=("LOW", "HIGH"),
                   help="width slider (log scale) and phase-diagram width axis (1e1 1e9)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def run(args) -> int:
    from ..explore.page import PAGE_MAX_STEPS, plotly_files, write_explorer
    check_output("--out", args.out, kind="dir")
    steps = parse_int("--steps", args.steps, ge=1, le=PAGE_MAX_STEPS)
    lo, hi = (parse_float(f"--width-range {k}", t, gt=0)
              for k, t in zip(("LOW", "HIGH"), args.width_range))
    if not lo < hi:
        raise NQMValueError(f"`--width-range` needs LOW < HIGH, got {args.width_range[0]} "
                            f"and {args.width_range[1]}")
    plotly_files()   # a missing plotly is reported before the phase diagram is computed
    page = write_explorer(args.out, steps=steps, width_range=(lo, hi),
                          progress=not args.no_progress)
    print(page)
    return 0
