"""``nqm-theory experiment NAME [--out DIR] [options]``: run a named experiment (PAPER.md §6-7)."""
from __future__ import annotations

from ..experiments._registry import EXPERIMENTS

NAME = "experiment"
HELP = (f"run a named experiment ({', '.join(EXPERIMENTS)}): PNG figures, JSON numbers, "
        "text summary")


def _options():
    """Every experiment's own options, by flag (an option may serve several experiments)."""
    out = {}
    for name in EXPERIMENTS:
        for opt in EXPERIMENTS[name].options:
            out.setdefault(opt.flag, []).append((name, opt))
    return out


def add_arguments(p):
    p.add_argument("name", help=" | ".join(EXPERIMENTS))
    p.add_argument("--out", default=None, help="output directory (default ./experiment_NAME)")
    p.add_argument("--quick", action="store_true",
                   help="a smaller configuration, where the experiment defines one")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    for flag, users in _options().items():
        opt = users[0][1]
        names = ", ".join(n for n, _ in users)
        kw = {"action": "store_true"} if opt.is_switch else {"default": None}
        p.add_argument(flag, dest=f"opt_{opt.field}", help=f"{opt.help} ({names})", **kw)


def run(args) -> int:
    from .._validate import NQMValueError, check_choice
    check_choice("NAME", args.name, tuple(EXPERIMENTS))
    exp = EXPERIMENTS[args.name]
    own = {o.field: o for o in exp.options}
    settings = {}
    for flag, users in _options().items():
        field = users[0][1].field
        value = getattr(args, f"opt_{field}", None)
        if value in (None, False):
            continue
        if field not in own:
            raise NQMValueError(f"`{flag}` is not an option of experiment {args.name!r}")
        settings[field] = True if own[field].is_switch else own[field].parse(value)
    out = f"experiment_{args.name}" if args.out is None else args.out
    from .._io import check_output
    check_output("--out", out, kind="dir")
    res = exp.run(exp.config(quick=args.quick, **settings), out,
                  progress=not args.no_progress)
    print(res.summary, end="")
    print(f"wrote {out}/{args.name}.json, {out}/{args.name}_summary.txt and "
          f"{len(res.figures)} figure(s)")
    return 0
