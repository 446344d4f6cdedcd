"""``nqm-theory scaling``: peak loss, window edges and steps to the peak against the width."""
from __future__ import annotations

import numpy as np

from .._validate import NQMValueError
from ._common import check_output, parse_float, parse_int, parse_number, print_json

NAME = "scaling"
HELP = ("measure the catapult peak vs width m (fits of m delta^2 vs m delta^2/log m), the "
        "window edges vs log m/sqrt m, steps to the peak and the final kernel")


def add_arguments(p):
    p.add_argument("--deltas", nargs="+", default=None, metavar="DELTA",
                   help="delta = eta*lam0 - 2 values in (0, 2) "
                        "(default 0.01 0.05 0.2 0.5 1 1.5 1.9)")
    p.add_argument("--widths", nargs=3, default=None, metavar=("START", "STOP", "N"),
                   help="log-spaced widths: START STOP N (default 1e2 1e12 41; >= 10 decades "
                        "recommended)")
    p.add_argument("--g0", default="1", help="initial output g(0) (default 1)")
    p.add_argument("--y", default="0", help="label y (default 0)")
    p.add_argument("--no-edges", action="store_true", help="skip the window-edge bisection")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", default=None, metavar="DIR", help="write figures and JSON to DIR")


def _widths(args):
    if args.widths is None:
        return None
    a, b = (parse_number("--widths", t) for t in args.widths[:2])
    n = parse_number("--widths N", args.widths[2])
    if not (2 < a < b <= 10 ** 15) or n.denominator != 1 or not 3 <= n <= 400:
        raise NQMValueError("`--widths` must be START STOP N with 2 < START < STOP <= 1e15 "
                            f"and 3 <= N <= 400 integer, got {' '.join(args.widths)}")
    return tuple(np.logspace(np.log10(float(a)), np.log10(float(b)), int(n)))


def _summary(s, e) -> str:
    lines = ["peak loss vs width (per delta; widths with delta >= log m/sqrt m):",
             f"{'delta':>6} {'n':>3} {'beta [95% CI]':>26} {'rms(m d^2)':>11} "
             f"{'rms(/log m)':>11} {'peak/(m d^2)':>16} preferred"]
    for f in s.fits:
        if f is None:
            continue
        lines.append(f"{f.delta:6g} {f.n_used:3d} {f.beta:9.4f} [{f.beta_ci[0]:7.4f}, "
                     f"{f.beta_ci[1]:7.4f}] {f.rms_m_delta2:11.4f} {f.rms_over_log:11.4f} "
                     f"{f.ratio_range[0]:7.3f}-{f.ratio_range[1]:<7.3f} {f.preferred}")
    lines.append("steps to the peak = a + b log m:")
    for d in s.steps_fit:
        lines.append(f"  delta={d['delta']:g}: b = {d['slope']:.4f} +- {d['slope_stderr']:.4f}"
                     f" (geometric growth predicts 1/(2 log(1+delta)) = "
                     f"{d['predicted_slope']:.4f}), R^2 = {d['r2']:.4f}")
    if e is not None:
        lines.append("catapult-window edges: slope of log|offset| vs log m "
                     "(paper's eps = log m/sqrt m has slope ~ -1/2):")
        for (g0, y), lo, up in zip(e.labels, e.lower_fit, e.upper_fit):
            def f(d):
                return "exact (offset 0)" if d["slope"] is None else \
                    f"{d['slope']:.4f} (m*offset = {d['m_times_offset']:.4g})"
            lines.append(f"  g0={g0:g}, y={y:g}: lower {f(lo)}; upper {f(up)}")
        lines.append(f"  runs that exhausted the step budget during bisection: {e.undecided}")
    return "\n".join(lines)


def run(args) -> int:
    from ..scaling import DEFAULT_DELTAS, peak_scaling, window_edges
    deltas = DEFAULT_DELTAS if args.deltas is None else tuple(
        parse_float("--deltas", d, gt=0, lt=2) for d in args.deltas)
    widths = _widths(args)
    g0, y = parse_float("--g0", args.g0), parse_float("--y", args.y)
    if g0 == y:
        raise NQMValueError(f"`--g0` and `--y` must differ: with g0 = y = {y} the loss is 0 "
                            "at initialisation and there is no catapult to measure")
    if args.out is not None:
        check_output("--out", args.out, kind="dir")
    s = peak_scaling(deltas, widths, g0=g0, y=y)
    e = None if args.no_edges else window_edges(
        None if widths is None else widths[::max(1, len(widths) // 11)])
    result = {"peak": s.to_dict(), "edges": None if e is None else e.to_dict()}
    if args.out:
        from .._io import atomic_write_json
        from ..scaling.figures import write_edge_figure, write_peak_figures
        paths = write_peak_figures(s, args.out)
        if e is not None:
            paths.append(write_edge_figure(e, args.out))
        from ._common import _clean
        atomic_write_json(f"{args.out}/scaling.json", _clean(result))
        result["files"] = [str(p) for p in paths] + [f"{args.out}/scaling.json"]
    if args.json:
        print_json(result)
    else:
        print(_summary(s, e))
        if args.out:
            print("wrote: " + ", ".join(result["files"]))
    return 0
