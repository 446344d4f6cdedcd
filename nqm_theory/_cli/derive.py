"""``nqm-theory derive``: print the derived one-example maps (docs/theory.md §3)."""
from __future__ import annotations

from .._validate import check_choice

NAME = "derive"
HELP = "derive the one-example NQM maps with SymPy and print them step by step"


def add_arguments(p):
    p.add_argument("--format", default="text", help="text | latex | sympy (default text)")


def run(args) -> int:
    check_choice("--format", args.format, ("text", "latex", "sympy"))
    from ..symbolic.derive import derive_one_example
    from ..symbolic.printing import derivation_sympy_lines
    D = derive_one_example()
    if args.format == "text":
        print(D.to_text(), end="")
    elif args.format == "latex":
        print(D.to_latex(), end="")
    else:
        print("\n".join(derivation_sympy_lines(D)))
    return 0
