"""``nqm-theory network``: one drawn two-layer network with any activation, trained by GD.

Contract (issue 11): ``--activation NAME[:PARAM] --width M --d D --eta-lam0 V --y Y --seed S
[--model nqm|network|linear] [--steps T] --json`` prints one JSON object with ``regime``,
``steps``, ``peak_loss``, ``final_loss``, ``lam0``, ``g0``, ``final_kernel``,
``eta_lam_final`` (and the settings).  See :func:`nqm_theory.activations.train.train`.
"""
from __future__ import annotations

from ._common import parse_float, parse_int, print_json

NAME = "network"
HELP = ("GD on a drawn two-layer network with any activation: its NQM (exact reduced map), "
        "the network itself or its linearisation; convention: lambda0 = the drawn "
        "lambda(0), eta = eta*lambda0 / lambda(0)")

#: The convention of this command: lambda0 is not chosen, it is the kernel of the draw.
CONVENTION = "lambda0 = drawn lambda(0), eta = eta*lambda0 / lambda(0)"


def add_arguments(p):
    from ..activations.names import NAMES
    p.add_argument("--activation", required=True,
                   help=f"NAME or NAME:PARAM, NAME in {', '.join(NAMES)} "
                        "(leaky_relu:ALPHA with -1 <= ALPHA <= 1, poly:B for z + B z^2)")
    p.add_argument("--width", required=True, help="width m (integer, 1 <= m <= 1e6)")
    p.add_argument("--d", required=True, help="input dimension d (x = (1, ..., 1), |x|^2 = d)")
    p.add_argument("--eta-lam0", required=True,
                   help="eta * lambda(0) > 0, with lambda(0) the kernel of the draw")
    p.add_argument("--y", required=True, help="label y")
    p.add_argument("--seed", required=True, help="seed of the draw (integer >= 0)")
    p.add_argument("--model", default="nqm", help="nqm (default) | network | linear")
    p.add_argument("--steps", default="10000", help="step budget (default 10000)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from ..activations.catalogue import parse_activation
    from ..activations.train import train
    act = parse_activation(args.activation)
    res = train(act, width=parse_int("--width", args.width, ge=1, le=10**6),
                d=parse_int("--d", args.d, ge=1, le=10**4),
                eta_lam0=parse_float("--eta-lam0", args.eta_lam0, gt=0, le=1e6),
                y=parse_float("--y", args.y, ge=-1e6, le=1e6),
                seed=parse_int("--seed", args.seed, ge=0),
                model=args.model, steps=parse_int("--steps", args.steps, ge=1, le=10**7))
    out = res.to_dict()
    out.update(convention=CONVENTION, fixed="lam0 (drawn)")
    if args.json:
        print_json(out)
    else:
        for k in ("regime", "steps", "peak_loss", "final_loss", "lam0", "g0",
                  "final_kernel", "eta_lam_final"):
            print(f"{k:>13}: {out[k]}")
        print(f"{'':>13}  ({res.message})")
    return 0
