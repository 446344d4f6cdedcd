"""``nqm-theory verify``: run every claim of docs/theory.md as an executable check and tabulate."""
from __future__ import annotations

import time

from .._validate import NQMValueError
from ._common import parse_number, print_json

NAME = "verify"
HELP = "check the paper's claims (Theorems 1-5, Lemmas 1-2, Props 1-10, ...) over a sweep"


def add_arguments(p):
    p.add_argument("--claims", nargs="+", default=None, metavar="NAME",
                   help="claims to check, e.g. 'Theorem 1' 'Proposition 9' 'critical rates' "
                        "(default: all)")
    p.add_argument("--widths", nargs="+", default=None, metavar="M",
                   help="widths m of the one-example sweep (default 1e2 1e3 ... 1e12)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON array with an object per claim")


def _widths(texts):
    if texts is None:
        return None
    out = []
    for t in texts:
        m = parse_number("--widths", t)
        if not 2 < m <= 10 ** 15:
            raise NQMValueError(f"`--widths` must be numbers in (2, 1e15], got {t}")
        out.append(float(m))
    return out


def _fmt(x):
    return "-" if x is None else f"{x:.3g}"


def table(verdicts, seconds=None) -> str:
    """Plain-text table: claim, status, cases, held, failed (paper / corrected), margin."""
    head = (f"{'claim':26} {'status':16} {'cases':>6} {'held':>6} {'failed':>6} "
            f"{'corr.failed':>11} {'worst margin':>12}  decided by")
    sub = (f"{'':26} {'':16} {'':>6} {'(paper version)':>13} {'':>11} {'(paper)':>12}")
    lines = [head, sub, "-" * len(head)]
    for v in verdicts:
        cf = "-" if v.corrected_failures is None else str(v.corrected_failures)
        lines.append(f"{v.claim:26} {v.status:16} {v.cases:6d} {v.cases - v.failures:6d} "
                     f"{v.failures:6d} {cf:>11} {_fmt(v.worst_margin):>12}  "
                     f"{v.decided_precision}")
    if seconds is not None:
        lines.append(f"({len(verdicts)} claims in {seconds:.1f} s; margin > 0 held, < 0 "
                     f"failed; see --json for witnesses and statements)")
    return "\n".join(lines)


def run(args) -> int:
    from ..theorems import verify
    widths = _widths(args.widths)
    t0 = time.perf_counter()
    verdicts = verify(args.claims, widths)
    if args.json:
        print_json([v.to_dict() for v in verdicts])
    else:
        print(table(verdicts, time.perf_counter() - t0))
    return 0
