"""Numbers and text summary of ``experiment activations`` from its raw parts.

:func:`numbers` condenses the parts of :mod:`nqm_theory.experiments.activations` into
per-activation edges (limit map and finite widths, with the spread over draws and the
fraction of draws whose upper edge is sharp), peak loss / m and final eta*lam at a
reference eta*lam0, the finite-m convergence rate and the largest convergent eta*lam0 of
f, f_lin and the NQM; :func:`summary` writes them as text (answer first).
"""
from __future__ import annotations

import numpy as np

__all__ = ["numbers", "summary", "REF_V0"]

#: eta*lam0 at which peak loss / m and the final kernel are reported.
REF_V0 = 3.0


def _stats(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return {"min": float(min(xs)), "median": float(np.median(xs)), "max": float(max(xs))}


def _at(v0s, arr, v):
    k = int(np.argmin(np.abs(np.asarray(v0s) - v)))
    return arr[k]


def _window(part) -> dict:
    v0s = part["v0s"]
    lim = part["limit"]
    out = {"moments": part["moments"],
           "limit": [dict(rho0=r, **e) for r, e in zip(lim["rho0s"], lim["edges"])]}
    fin = []
    for w in part["finite"]:
        es = w["edges"]
        div_frac = w["fractions"]["divergent"]
        fin.append({"m": w["m"], "draws": len(es),
                    "lower": _stats([e["lower"] for e in es]),
                    "first_divergent": _stats([e["first_divergent"] for e in es]),
                    "last_convergent": _stats([e["last_convergent"] for e in es]),
                    "sharp_fraction": float(np.mean([e["sharp"] for e in es])),
                    "divergent_fraction": {f"{v:g}": f for v, f in zip(v0s, div_frac)
                                           if 0 < f < 1},
                    "peak_loss_over_m": _at(v0s, w["peak_loss_over_m_median"], REF_V0),
                    "final_eta_lam": _at(v0s, w["final_eta_lam_median"], REF_V0)})
    out["finite"] = fin
    peaks = [(f["m"], f["peak_loss_over_m"]) for f in fin if f["peak_loss_over_m"]]
    if len(peaks) >= 2:
        from .studies import fit_rate
        out["peak_loss_exponent"] = 1 + fit_rate([p[0] for p in peaks], [p[1] for p in peaks])
    return out


def _models(part) -> dict:
    out = {}
    for model in ("network", "linear", "nqm"):
        regs = part[model]["regimes"]
        best = []
        for row in regs:
            ok = [v for v, r in zip(part["v0s"], row) if r in ("monotone", "catapult")]
            best.append(max(ok) if ok else None)
        out[model] = {"largest_convergent_v0": best,
                      "regimes": {f"{v:g}": [row[k] for row in regs]
                                  for k, v in enumerate(part["v0s"])}}
    return out


def numbers(raw) -> dict:
    """The JSON numbers of the experiment (no NaN / Infinity tokens)."""
    from ..experiments._base import jsonable
    parts = raw["parts"]
    acts = {}
    for name, part in parts.items():
        kind, _, act = name.partition("_")
        if kind == "window":
            acts.setdefault(act, {})["window"] = _window(part)
        elif kind == "convergence":
            acts.setdefault(act, {})["convergence"] = part
        elif kind == "models":
            acts.setdefault(act, {})["models"] = _models(part)
        elif kind == "band":
            acts.setdefault(act, {})["limit_band"] = {
                k: part[k] for k in ("some_divergent_from", "all_divergent_from", "mixed")}
        elif kind == "etamax":
            acts.setdefault(act, {})["network_largest_convergent"] = {
                str(r["m"]): r["largest_convergent"] for r in part["rows"]}
    slopes = {k: [{"param": r["param"], "kurtosis": r["kurtosis"],
                   "first_divergent": [e["first_divergent"] for e in r["edges"]],
                   "last_convergent": [e["last_convergent"] for e in r["edges"]],
                   "lower": [e["lower"] for e in r["edges"]]} for r in parts[k]["rows"]]
              for k in ("slope_leaky", "slope_poly") if k in parts}
    return jsonable({"name": "activations", "config": raw["config"], "reference_v0": REF_V0,
                     "convention": CONVENTION, "activations": acts, "slopes": slopes})


#: eta*lambda0 here: lambda0 is the kernel of each draw (of the population for the limit map).
CONVENTION = ("lambda0 = lambda(0) of each draw (limit: of the population), "
              "eta = eta*lambda0 / lambda(0)")


def summary(nums) -> str:
    """Plain-text summary: per activation the limit edges, finite-width spread, rates."""
    lines = ["Catapult window of the one-example NQM per activation (exact reduced map).",
             "Edges in eta*lam0 on the grid of the config; 'band' = [first divergent, last "
             "convergent] when they cross (upper edge not sharp).", ""]
    for act, d in nums["activations"].items():
        w = d.get("window")
        if w is None:
            continue
        lim = w["limit"]
        lines.append(f"{act}: kurtosis of the spectral measure {w['moments']['kurtosis']:.3f}")
        lines.append("  limit m->inf: lower " + ", ".join(str(e["lower"]) for e in lim) +
                     "; first divergent " + ", ".join(str(e["first_divergent"]) for e in lim) +
                     "; last convergent " + ", ".join(str(e["last_convergent"]) for e in lim)
                     + "  (rho0 = " + ", ".join(f"{e['rho0']:g}" for e in lim) + ")")
        for f in w["finite"]:
            fd, lc = f["first_divergent"] or {}, f["last_convergent"] or {}
            lines.append(f"  m={f['m']}: first divergent {fd.get('min')}..{fd.get('max')} "
                         f"(median {fd.get('median')}), last convergent {lc.get('min')}.."
                         f"{lc.get('max')}; sharp in {f['sharp_fraction']:.0%} of "
                         f"{f['draws']} draws; peak loss/m at {nums['reference_v0']} = "
                         f"{f['peak_loss_over_m']}, final eta*lam = {f['final_eta_lam']}")
        b = d.get("limit_band")
        if b:
            lines.append(f"  limit over 40 rho0: some diverge from {b['some_divergent_from']}, all "
                         f"from {b['all_divergent_from']}; outcome depends on rho0 at "
                         f"{len(b['mixed'])} grid point(s)")
        if "peak_loss_exponent" in w:
            lines.append(f"  peak loss ~ m^{w['peak_loss_exponent']:.3f}")
        c = d.get("convergence")
        if c:
            lines.append(f"  finite m -> limit at eta*lam0={c['v0']}: final eta*lam error "
                         f"~ m^{c['rate_final']}, peak error ~ m^{c['rate_peak']}")
        em = d.get("network_largest_convergent")
        if em:
            lines.append("  network f, largest convergent eta*lam0 by width (per draw): " +
                         "; ".join(f"m={m}: {v}" for m, v in em.items()))
        mo = d.get("models")
        if mo:
            lines.append("  largest convergent eta*lam0 (per draw): " + "; ".join(
                f"{k} {v['largest_convergent_v0']}" for k, v in mo.items()))
    for k, rows in nums.get("slopes", {}).items():
        lines.append(f"{k}: " + "; ".join(
            f"{r['param']:g}: kurt {r['kurtosis']:.3f}, first div {min(x for x in r['first_divergent'] if x is not None) if any(r['first_divergent']) else None}"
            for r in rows))
    return "\n".join(lines) + "\n"
