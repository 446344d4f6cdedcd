"""``nqm-theory experiment NAME [--out DIR] [--quick] [options]``: run a named experiment.

The experiments of the catalogue (:data:`nqm_theory.experiments.EXPERIMENTS`, docs/theory.md
§6-7) are loaded only when one is run: the options after NAME are parsed by a parser made
for that experiment (``nqm-theory experiment NAME --help`` lists them), so building the
command line never imports the experiments' code.
"""
from __future__ import annotations

import argparse

from ..experiments._registry import EXPERIMENTS

NAME = "experiment"
HELP = (f"run a named experiment ({', '.join(EXPERIMENTS)}): PNG figures, JSON numbers, "
        "text summary; `nqm-theory experiment NAME --help` lists its options")


def add_arguments(p):
    p.add_argument("name", help=" | ".join(EXPERIMENTS))
    p.add_argument("options", nargs=argparse.REMAINDER,
                   help="--out DIR (default ./experiment_NAME), --quick, --no-progress and "
                        "the experiment's own options")


def _parser(name, exp):
    from ..cli import _Parser
    p = _Parser(prog=f"nqm-theory experiment {name}", description=exp.help)
    p.add_argument("--out", default=None, help="output directory (default ./experiment_NAME)")
    p.add_argument("--quick", action="store_true",
                   help="a smaller configuration, where the experiment defines one")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    for opt in exp.options:
        kw = {"action": "store_true"} if opt.is_switch else {"default": None}
        p.add_argument(opt.flag, dest=f"opt_{opt.field}", help=opt.help, **kw)
    return p


def run(args) -> int:
    from .._io import check_output
    from .._validate import check_choice
    check_choice("NAME", args.name, tuple(EXPERIMENTS))
    exp = EXPERIMENTS[args.name]
    opts = _parser(args.name, exp).parse_args(args.options)
    settings = {}
    for opt in exp.options:
        value = getattr(opts, f"opt_{opt.field}")
        if value not in (None, False):
            settings[opt.field] = True if opt.is_switch else opt.parse(value)
    out = f"experiment_{args.name}" if opts.out is None else opts.out
    check_output("--out", out, kind="dir")
    res = exp.run(exp.config(quick=opts.quick, **settings), out,
                  progress=not opts.no_progress)
    print(res.summary, end="")
    print(f"wrote {out}/{args.name}.json, {out}/{args.name}_summary.txt and "
          f"{len(res.figures)} figure(s)")
    return 0
