"""JSON numbers and text summaries of the paper's experiments (docs/theory.md §6-7)."""
from __future__ import annotations

import numpy as np

from .._io import jsonable

__all__ = ["fig3_numbers", "summarize"]

_DROP = ("run", "history", "loss", "kernel", "order", "split")


def _jsonable(obj):
    return jsonable(obj, _DROP)


def fig3_numbers(res) -> dict:
    from ..multi.theorem3 import expected_zone
    out = _jsonable(res)
    out["loss_reported_as"] = "sum_half: L = 1/2 sum_k (f_k - y_k)^2"
    lam = (res["lam1_0"], res["lam2_0"])
    out["runs"] = [{"eta": r["eta"], "eta_sum": r["eta_sum"], "regime": r["run"].regime.value,
                    "zone": expected_zone(r["eta_sum"], *lam),
                    "direction_regimes": [r["run"].directions[i].regime.value
                                          for i in r["order"]],
                    "peak_loss": float(np.max(r["run"].trajectory.loss)),
                    "lam_final": [float(r["run"].trajectory.kernel[-1, i]) for i in r["order"]]}
                   for r in res["runs"]]
    return _jsonable(out)


def summarize(name, numbers) -> str:
    """Short text comparing with the paper."""
    if name == "fig3":
        c = numbers["conventions"]
        lines = [f"Fig. 3 (NQM, n={numbers['n']}, m={numbers['width']}, seed={numbers['seed']})",
                 f"losses are {numbers['loss_reported_as']}",
                 "2/lambda_i(0) per loss convention (paper: 0.37, 0.39):"]
        lines += [f"  {k:9s}: {v['eta_crit_1']:.4f}, {v['eta_crit_2']:.4f}" for k, v in c.items()]
        lines.append(f"matching convention: {numbers['convention']} (L = 1/n sum r^2)"
                     if numbers["convention"] == "mse_mean" else
                     f"matching convention: {numbers['convention']}")
        for r in numbers["runs"]:
            lines.append(f"  eta={r['eta']:.4f} ({r['zone']:9s}): {r['regime']:9s} directions "
                         f"{r['direction_regimes']} peak loss {r['peak_loss']:.3g}")
        lines.append(f"Theorem 3 zones agree with the observed regimes: "
                     f"{numbers['theorem3']['passed']}")
        return "\n".join(lines) + "\n"
    if name == "fig5":
        lines = [(f"Fig. 5 (network f and f_lin, n={numbers['n']}, m={numbers['width']}); "
                 f"eta_crit_1={numbers['eta_crit_1']:.4f}, eta_crit_2={numbers['eta_crit_2']:.4f}")]
        for r in numbers["runs"]:
            st = r["status"]
            if st == "diverging":
                st = (f"diverging (ratio {r['growth_ratio']:.4g} per step; theory "
                      f"(1 - eta lam1)^2 = {r['linear_ratio_theory']:.4g})")
            elif r["catapult"]:
                st += " after catapult"
            lam = ", ".join(f"{float(v):.4g}" for v in r["lam_final"])
            lines.append(f"  eta={r['eta']:.4f} {'f' if r['kind'] == 'net' else 'f_lin':5s}: "
                         f"{st}; peak={r['peak_loss']:.3g} final={r['final_loss']:.3g} "
                         f"lam_final=[{lam}]")
        lines.append(f"loss floor L_perp (Prop. 9) = {numbers['loss_floor_perp']:.4g}; "
                     f"losses are {numbers['loss_reported_as']}")
        lines.append("paper: f shows the same regimes as the NQM; f_lin diverges above "
                     "eta_crit_1.")
        return "\n".join(lines) + "\n"
    if name == "eigenspace":
        return _eigenspace_summary(numbers)
    d = numbers["default"]
    lines = [(f"Fig. 8 (quadratic model d={numbers['d']}): gamma={d['gamma']}, eta={d['eta']}: "
             f"peak {d['peak_loss']:.3g} (initial {d['initial_loss']:.3g}), "
             f"lam {d['lam0']:.3f} -> {d['lam_final']:.3f}")]
    for key, var in (("gamma_sweep", "gamma"), ("eta_sweep", "eta")):
        for r in numbers[key]:
            lines.append(f"  {var}={r[var]}: peak {r['peak_loss']:.3g}, final kernel "
                         f"{r['lam_final']:.4f}, diverged={r['diverged']}")
    lines.append("paper: smaller gamma or larger eta -> higher peak; larger eta -> lower "
                 "final kernel; gamma does not change the final kernel.")
    return "\n".join(lines) + "\n"


def _eigenspace_summary(numbers) -> str:
    lines = [(f"Catapult in the top eigenspace (docs/theory.md §6), n={numbers['n']}, "
             f"seed={numbers['seed']}; {numbers['loss_convention']}")]
    for name, m in numbers["models"].items():
        crit = ", ".join(f"{v:.4g}" for v in m["eta_crit"])
        lines.append(f" {name}: 2/lam_i(0) = {crit}; 4/lam_1(0) = {m['eta_max_linear']:.4g}")
        for r in m["runs"]:
            lines.append(f"  eta={r['eta']:.4g} (top-{r['k']} super-critical): peak "
                         f"{r['peak_loss']:.3g} (L(0)={r['initial_loss']:.3g}) at t="
                         f"{r['peak_step']}; share of peak in top-{r['k']} of K(0): "
                         f"{r['peak_fraction_top_initial']:.4f}, of K(t): "
                         f"{r['peak_fraction_top_tracked']:.4f}; max rest / peak: "
                         f"{r['rest_max_over_peak']:.3g}")
    lines.append("paper: the catapult happens in the top eigenspace of the kernel.")
    return "\n".join(lines) + "\n"
