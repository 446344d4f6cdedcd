"""``nqm-theory limit``: the infinite-width limit law of the catapult (docs/theory.md §4, Thm 1)."""
from __future__ import annotations

import math

from ._common import parse_float, parse_int, print_json

NAME = "limit"
HELP = ("infinite-width limit of the catapult (y = 0, m -> infinity): peak of u and final "
        "eta*lambda over the phase, certified, with exact small-delta expansions; "
        "convention: only eta*lambda0 = 2 + delta enters (u and v = eta*lambda are "
        "scale-free)")

#: In the limit the state (u, v) = (eta^2 |x|^2/d r^2 / m ..., eta lambda) depends on eta
#: and lambda0 only through v0 = eta*lambda0 and the phase.
CONVENTION = "eta*lambda0 = 2 + delta only (u, v scale-free; any lambda0)"


def add_arguments(p):
    p.add_argument("--delta", required=True,
                   help=f"delta = eta*lam0 - 2, in [{MIN_DELTA:g}, 2) (below: the small-delta "
                        "series printed with every answer)")
    p.add_argument("--phase", default=None,
                   help="one phase in [0, 1): frac(log u(0) / log (1 + delta)^2)")
    p.add_argument("--digits", default="40", help="Arb working digits, 20..400 (default 40)")
    p.add_argument("--grid", default="32", help="phases in the first sweep, 4..512 (32)")
    p.add_argument("--phase-tol", default="1e-8",
                   help="golden-section tolerance in the phase, 1e-12..1e-2 (1e-8)")
    p.add_argument("--order", default="5", help="order of the small-delta series, 2..6 (5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


#: Smallest delta: the limit orbit needs O(1/delta) steps to leave the fixed point and to
#: settle, and at delta = 1e-3 one answer already takes about 15 s on one core.
MIN_DELTA = 1e-3


def _value(name, lo, hi, extra=None) -> dict:
    out = {name: 0.5 * (lo + hi), f"{name}_lower": lo, f"{name}_upper": hi,
           f"{name}_uncertainty": hi - lo}
    out.update(extra or {})
    return out


def run(args) -> int:
    from ..sharp.expansions import evaluate, expansions
    delta = parse_float("--delta", args.delta, ge=MIN_DELTA, lt=2)
    digits = parse_int("--digits", args.digits, ge=20, le=400)
    grid = parse_int("--grid", args.grid, ge=4, le=512)
    tol = parse_float("--phase-tol", args.phase_tol, ge=1e-12, le=1e-2)
    order = parse_int("--order", args.order, ge=2, le=6)
    out = {"delta": delta, "eta_lam0": 2 + delta, "y": 0, "width": "infinity",
           "digits": digits, "v": "eta*lambda", "convention": CONVENTION}
    if args.phase is not None:
        from ..sharp.limit import limit_point
        phase = parse_float("--phase", args.phase, ge=0, lt=1)
        p = limit_point(delta, phase, digits=digits)
        out.update(phase=phase, peak_step=p.peak_step, steps=p.steps)
        out.update(_value("u_peak", *p.u_peak))
        out.update(_value("v_final", *p.v_final))
        out["precision"] = ("certified: Arb balls from the unstable manifold (series with a "
                            "rigorous tail) to Lemma T; [lower, upper] enclose the exact value")
    else:
        from ..sharp.law import limit_law
        law = limit_law(delta, grid=grid, phase_tol=tol, digits=digits)
        for key in ("u_peak_min", "u_peak_max", "v_final_min", "v_final_max"):
            e = getattr(law, key)
            ph = None if math.isnan(e.phase) else e.phase
            out.update(_value(key, e.lower, e.upper, {f"{key}_phase": ph,
                                                       f"{key}_located": e.located}))
        out.update(grid=grid, phase_tol=tol, evaluations=law.evaluations)
        out["precision"] = ("each value is certified at its phase ([lower, upper]); that "
                            "the phase is extremal is measured (grid + golden section), "
                            "except where *_located says proven")
    ex = expansions(order)
    out["small_delta"] = {k: [str(c) for c in ex[k]] for k in ("v_final", "u_peak_max",
                                                                "u_peak_min")}
    out["small_delta_at_delta"] = {k: evaluate(ex[k], delta) for k in out["small_delta"]}
    out["small_delta_order"] = order
    if args.json:
        print_json(out)
        return 0
    for k, v in out.items():
        if not isinstance(v, (dict, list)):
            print(f"{k:>24}: {v}")
    for k, c in out["small_delta"].items():
        print(f"{k + ' series':>24}: {' + '.join(f'({x}) d^{i}' for i, x in enumerate(c))}")
    return 0
