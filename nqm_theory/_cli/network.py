"""``nqm-theory network``: one drawn two-layer network with any activation, trained by GD.

Contract (issue 11): ``--activation NAME[:PARAM] --width M --d D --eta-lam0 V --y Y --seed S
[--model nqm|network|linear] [--steps T] --json`` prints one JSON object with ``regime``,
``steps``, ``peak_loss``, ``final_loss``, ``lam0``, ``g0``, ``final_kernel``,
``eta_lam_final`` (and the settings).  See :func:`nqm_theory.activations.train.train`.
"""
from __future__ import annotations

from ._common import parse_number, print_json
from .phase import _int

NAME = "network"
HELP = ("GD on a drawn two-layer network with any activation: its NQM (exact reduced map), "
        "the network itself or its linearisation")


def add_arguments(p):
    from ..activations.catalogue import ACTIVATIONS
    p.add_argument("--activation", required=True,
                   help=f"NAME or NAME:PARAM, NAME in {', '.join(ACTIVATIONS)} "
                        "(leaky_relu:ALPHA with -1 <= ALPHA <= 1, poly:B for z + B z^2)")
    p.add_argument("--width", required=True, help="width m (integer, 1 <= m <= 1e6)")
    p.add_argument("--d", required=True, help="input dimension d (x = (1, ..., 1), |x|^2 = d)")
    p.add_argument("--eta-lam0", required=True, help="eta * lambda(0) > 0")
    p.add_argument("--y", required=True, help="label y")
    p.add_argument("--seed", required=True, help="seed of the draw (integer >= 0)")
    p.add_argument("--model", default="nqm", help="nqm (default) | network | linear")
    p.add_argument("--steps", default="10000", help="step budget (default 10000)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from ..activations.catalogue import parse_activation
    from ..activations.train import train
    act = parse_activation(args.activation)
    res = train(act, width=_int("--width", args.width), d=_int("--d", args.d),
                eta_lam0=float(parse_number("--eta-lam0", args.eta_lam0)),
                y=float(parse_number("--y", args.y)), seed=_int("--seed", args.seed),
                model=args.model, steps=_int("--steps", args.steps))
    out = res.to_dict()
    if args.json:
        print_json(out)
    else:
        for k in ("regime", "steps", "peak_loss", "final_loss", "lam0", "g0",
                  "final_kernel", "eta_lam_final"):
            print(f"{k:>13}: {out[k]}")
        print(f"{'':>13}  ({res.message})")
    return 0
