"""``nqm-theory report``: the main job (report with figures of the three regimes)."""
from __future__ import annotations

import sys

from .._validate import NQMValueError
from ._common import check_output, parse_float

NAME = "report"
HELP = "write a short report with figures of the three regimes (default configuration)"


def add_arguments(p):
    p.add_argument("--out", default="nqm_report", help="output directory (default nqm_report)")
    from ..report import ReportConfig
    d = ReportConfig()
    p.add_argument("--width", default=repr(d.width), help=f"width m > 0 (default {d.width:g})")
    p.add_argument("--g0", default=repr(d.g0), help=f"initial output g(0) (default {d.g0})")
    p.add_argument("--y", default=repr(d.y), help=f"label y (default {d.y})")
    p.add_argument("--x2d", default=repr(d.x2d), help=f"|x|^2/d > 0 (default {d.x2d:g})")


def run(args) -> int:
    from ..report import ReportConfig, write_report
    check_output("--out", args.out, kind="dir")
    try:
        cfg = ReportConfig(width=parse_float("--width", args.width, gt=0),
                           g0=parse_float("--g0", args.g0), y=parse_float("--y", args.y),
                           x2d=parse_float("--x2d", args.x2d, gt=0))
    except NQMValueError as exc:   # name the flags, not the library fields
        raise NQMValueError(str(exc).replace("`width`", "`--width`").replace(
            "`g0`", "`--g0`").replace("`y`", "`--y`").replace("`x2d`", "`--x2d`")) from None
    path = write_report(args.out, cfg)
    print(f"report written to {path}", file=sys.stderr)
    print(path.read_text())
    return 0
