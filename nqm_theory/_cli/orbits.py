"""``nqm-theory orbits``: is the catapult chaotic? Orbit diagram, uncertainty, FTLE, figure.

Prints a human-readable answer (the numbers and what they mean), then the key numbers as
one JSON line; ``--json`` prints only that line.  ``--json-out`` writes the full summary
as strict JSON (atomically): non-finite numbers become ``null`` and are listed, with the
reason, under ``"null_values"``.
"""
from __future__ import annotations

import math

from .._validate import NQMValueError
from ._common import print_json

NAME = "orbits"
HELP = ("dynamics of the (u, v, w) map: fixed points, orbit diagram of eta*lambda_inf, "
        "uncertainty exponents and FTLE (answers 'is the catapult chaotic?')")

#: Uncertainty exponents below this count as a fractal set of singular learning rates.
ALPHA_FRACTAL = 0.9
#: An FTLE after the catapult above this (per step) would indicate persistent chaos.
FTLE_PERSISTENT = 0.05


def add_arguments(p):
    p.add_argument("--plot", default=None, help="write the 4-panel figure here (PNG/PDF)")
    p.add_argument("--json-out", default=None, help="write the full JSON summary here")
    p.add_argument("--json", action="store_true", help="print only the one-line JSON summary")
    p.add_argument("--quick", action="store_true", help="coarser sampling (seconds)")


def _reason(path: str) -> str:
    if path.endswith(".transient"):
        return ("undefined: eta*lambda(t) was below 2 from the start, so the run has no "
                "catapult (transient) phase to average over")
    if path.endswith(".after"):
        return "undefined: eta*lambda(t) never dropped below 2 (the run did not converge)"
    return "non-finite number"


def strict_json(obj, path: str = "", nulls: dict | None = None):
    """``obj`` with every non-finite float replaced by ``None``; ``nulls`` gets path -> reason."""
    nulls = {} if nulls is None else nulls
    if isinstance(obj, float) and not math.isfinite(obj):
        nulls[path] = f"{obj!r}: {_reason(path)}"
        return None
    if isinstance(obj, dict):
        return {k: strict_json(v, f"{path}.{k}" if path else str(k), nulls)
                for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict_json(v, f"{path}[{i}]", nulls) for i, v in enumerate(obj)]
    return obj


def _per_width(d: dict, fmt="{:.0f}") -> str:
    return ", ".join(f"{fmt.format(v)} (m = {float(k):.0e})".replace("e+0", "e")
                     for k, v in d.items())


def answer(summary: dict) -> str:
    """The human-readable answer to "is the catapult chaotic?", from ``chaos_analysis``."""
    alpha = {str(u["width"]): u["alpha"] for u in summary["uncertainty_near_4"]}
    periods = summary["final_period"]
    ftle = summary["ftle"]
    persistent = any(p is None for p in periods.values()) or any(
        math.isfinite(f["after"]) and f["after"] > FTLE_PERSISTENT for f in ftle.values())
    fractal = [a for a in alpha.values() if math.isfinite(a) and a < ALPHA_FRACTAL]
    bulk = max(max(b["fraction"]) for b in summary["uncertainty_bulk_2_5_to_3_5"])
    verdict = ("Possibly persistent chaos: an orbit without a period or with a positive FTLE "
               "after the catapult (see below)." if persistent else
               "No persistent chaos: every run tested ends on a fixed point (period 1).")
    verdict += (" Transient chaos just below eta*lambda0 = 4: the singular learning rates form "
                "a fractal-like set." if fractal else " No fractal set of singular learning "
                "rates was found near eta*lambda0 = 4.")
    fl = ["  " + (f"{lab}: {f['transient']:.3g} during the catapult, {f['after']:.3g} after"
                  if math.isfinite(f["transient"]) else
                  f"{lab}: no catapult phase, {f['after']:.3g} after")
          + f" ({f['regime']}, final period {periods.get(lab)})" for lab, f in ftle.items()]
    lines = [
        "Is the catapult chaotic?",
        verdict, "",
        "Final-kernel jumps (neighbouring learning rates whose eta*lambda_inf differ by more "
        "than 0.05):",
        f"  over 0.05 <= eta*lambda0 <= 4.6: {_per_width(summary['jumps_full'])}",
        f"  zoom 3.96 <= eta*lambda0 <= 4.02: {_per_width(summary['jumps_zoom'])}",
        "Uncertainty exponent alpha near eta*lambda0 = 4 (the fraction of learning-rate pairs "
        "eps apart with different outcomes scales as eps^alpha; alpha = 1: smooth outcome with "
        "isolated jumps; alpha < 1: fractal boundary of dimension 1 - alpha):",
        f"  {_per_width(alpha, '{:.2f}')}",
        f"  in the bulk 2.5 <= eta*lambda0 <= 3.5 the largest fraction is {bulk:.3g}"
        + (" (no sensitive pairs: the final kernel is smooth there)" if bulk == 0 else ""),
        "Finite-time Lyapunov exponents (per GD step, natural log; m = 1e4):", *fl,
    ]
    if not persistent:
        lines.append(
            f"Meaning: an FTLE that is positive while the loss grows and below "
            f"{FTLE_PERSISTENT} per step after it, on orbits that settle on a fixed point, is "
            "transient chaos, not a chaotic attractor; the stable end points are u = 0, "
            "0 < v < 2 (Theorem 2).")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from .._io import atomic_savefig, atomic_write_json
    from ..dynamics.report import chaos_analysis
    kw = dict(n_full=2001, n_zoom=2001, pairs=2000, steps=100_000) if args.quick else {}
    summary, objs = chaos_analysis(**kw)
    if args.json_out:
        nulls = {}
        clean = strict_json(summary, nulls=nulls)
        atomic_write_json(args.json_out, clean | {"null_values": nulls})
    if args.plot:
        from ..plotting.phase import figure_orbits
        fig = figure_orbits(*objs, caption=(
            "Data: GD on the one-example ReLU NQM, exact (u, v, w) map in float64, g0 = 0.7, "
            "y = 0.3, |x|^2/d = 1, lambda0 = 1; `nqm-theory orbits"
            + (" --quick" if args.quick else "") + "`."))
        try:
            atomic_savefig(fig, args.plot, dpi=120)
        except (OSError, ValueError) as exc:
            raise NQMValueError(f"`--plot` cannot be written: {exc}") from None
    if not args.json:
        print(answer(summary))
    print_json(strict_json({k: summary[k] for k in ("jumps_zoom", "ftle", "final_period")} |
                           {"alpha_near_4": {str(u["width"]): u["alpha"]
                                             for u in summary["uncertainty_near_4"]}}))
    return 0
