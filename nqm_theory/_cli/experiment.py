"""``nqm-theory experiment NAME [--out DIR]``: reproduce a figure of the paper (PAPER.md §7)."""
from __future__ import annotations

NAME = "experiment"
HELP = ("run a named experiment (fig3, fig5, fig8, eigenspace): PNG figures, JSON numbers, "
        "text summary")


def add_arguments(p):
    p.add_argument("name", help="fig3 | fig5 | fig8 | eigenspace")
    p.add_argument("--out", default=None, help="output directory (default ./experiment_NAME)")


def run(args) -> int:
    from .._validate import check_choice
    from ..experiments import EXPERIMENTS, run_experiment
    check_choice("NAME", args.name, EXPERIMENTS)
    out = args.out or f"experiment_{args.name}"
    numbers = run_experiment(args.name, out)
    print(numbers["summary"], end="")
    print(f"wrote {out}/{args.name}.json, {out}/{args.name}_summary.txt and "
          f"{len(numbers['figures'])} figure(s)")
    return 0
