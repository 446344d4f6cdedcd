"""The measurements behind ``nqm-theory experiment activations`` (one function per part).

Each function returns a JSON-ready dict (plain floats and lists), so a part can be stored
and resumed as it is.  All runs are the exact reduced map (population map) of
:mod:`nqm_theory.activations.population` unless said otherwise; ``y`` is the label.

* :func:`window_part`: regimes of ``seeds`` draws at each width and eta*lam0, the edges per
  draw, the fraction of draws in each regime, peak loss and final kernel; plus the limit
  map over several rho(0) and the spectral moments of the limit measure;
* :func:`slope_part`: the limit-map edges of leaky_relu (or poly) over its parameter;
* :func:`convergence_part`: finite-m runs against the limit map at the same rho(0),
  with the fitted rate;
* :func:`models_part`: f, f_lin and the NQM in parameter space side by side;
* :func:`etamax_part`: the largest convergent eta*lam0 of the network f against the width;
* :func:`band_part`: the limit map over many rho(0): is the upper edge sharp at m = inf?
"""
from __future__ import annotations

import math

import numpy as np

from .window import draw, edges, limit_scan, scan_draw, seed_fractions, spectral_moments

__all__ = ["window_part", "slope_part", "convergence_part", "models_part", "etamax_part",
           "band_part", "fit_rate"]


def _fl(a):
    return [None if (x is None or not math.isfinite(x)) else float(x) for x in
            np.asarray(a, dtype=float).ravel()]


def window_part(activation, *, v0s, widths, seeds, y, rho0s, steps, n_nodes) -> dict:
    """Edges per draw and width, seed fractions, peak loss / m and final eta*lam."""
    from .limit import limit_population
    v0s = np.asarray(v0s, dtype=float)
    out = {"activation": activation.name, "v0s": _fl(v0s), "widths": list(widths)}
    per_width = []
    for m in widths:
        reg, peak, fin = [], [], []
        for s in seeds:
            dr = draw(activation, m, 1, s)
            res = scan_draw(dr, v0s, y, steps=steps)
            reg.append(res.regime)
            peak.append(res.peak_u * m / (2 * (v0s / dr.lam0) ** 2) / m)   # peak loss / m
            fin.append(np.where(res.regime <= 1, res.final_v, np.nan))
        reg = np.array(reg)
        fr = seed_fractions(reg)
        per_width.append({"m": m, "regimes": reg.tolist(),
                          "edges": [edges(r, v0s) for r in reg],
                          "fractions": {k: _fl(v) for k, v in fr.items()},
                          "peak_loss_over_m_median": _fl(np.nanmedian(np.array(peak), 0)),
                          "final_eta_lam_median": _fl(_nanmedian(np.array(fin)))})
    out["finite"] = per_width
    lreg, lpeak, lfin = limit_scan(activation, v0s, rho0s, n=n_nodes, steps=steps)
    out["limit"] = {"rho0s": _fl(rho0s), "regimes": lreg.tolist(),
                    "edges": [edges(r, v0s) for r in lreg],
                    "peak_u": [_fl(p) for p in lpeak],
                    "final_eta_lam": [_fl(np.where(r <= 1, f, np.nan))
                                      for r, f in zip(lreg, lfin)]}
    out["moments"] = spectral_moments(limit_population(activation, n_nodes))
    return out


def _nanmedian(a):
    with np.errstate(all="ignore"):
        ok = np.isfinite(a).any(axis=0)
        med = np.full(a.shape[1], np.nan)
        if ok.any():
            med[ok] = np.nanmedian(a[:, ok], axis=0)
        return med


def slope_part(make, params, *, v0s, rho0s, steps, n_nodes) -> dict:
    """Limit-map edges for ``make(p)`` over the activation parameters ``params``."""
    from .limit import limit_population
    rows = []
    for p in params:
        act = make(p)
        reg, _, _ = limit_scan(act, v0s, rho0s, n=n_nodes, steps=steps)
        e = [edges(r, v0s) for r in reg]
        rows.append({"param": float(p), "activation": act.name, "edges": e,
                     "kurtosis": spectral_moments(limit_population(act, n_nodes))["kurtosis"]})
    return {"rows": rows, "v0s": _fl(v0s), "rho0s": _fl(rho0s)}


def fit_rate(widths, errors) -> float | None:
    """Least-squares slope of log(error) against log(m) (None without 2 positive points)."""
    w = np.asarray(widths, dtype=float)
    e = np.asarray(errors, dtype=float)
    ok = np.isfinite(e) & (e > 0)
    if ok.sum() < 2:
        return None
    return float(np.polyfit(np.log(w[ok]), np.log(e[ok]), 1)[0])


def convergence_part(activation, *, v0, widths, seeds, y, steps, n_nodes) -> dict:
    """|finite-m - limit| of the final eta*lam and of max rho^2 at the same rho(0)."""
    from .limit import limit_population
    from .population import run_population
    P = limit_population(activation, n_nodes)
    lam_inf = float(P.lam())
    rows = []
    for m in widths:
        dv, du = [], []
        for s in seeds:
            dr = draw(activation, m, 1, s)
            rho0 = (v0 / dr.lam0) * (dr.g0 - y) / math.sqrt(m)
            fin = run_population(dr.population, v0 / dr.lam0, rho0, steps=steps)
            lim = run_population(P, v0 / lam_inf, rho0, steps=steps)
            if fin.regime.success and lim.regime.success:
                dv.append(abs(float(fin.final_v) - float(lim.final_v)))
                du.append(abs(float(fin.peak_u) - float(lim.peak_u)) / float(lim.peak_u))
        rows.append({"m": m, "final_eta_lam_err": float(np.median(dv)) if dv else None,
                     "peak_rel_err": float(np.median(du)) if du else None, "runs": len(dv)})
    return {"activation": activation.name, "v0": v0, "rows": rows,
            "rate_final": fit_rate(widths, [r["final_eta_lam_err"] or np.nan for r in rows]),
            "rate_peak": fit_rate(widths, [r["peak_rel_err"] or np.nan for r in rows])}


def models_part(activation, *, v0s, width, d, seeds, y, steps) -> dict:
    """Regimes of f, f_lin and the NQM (parameter space for f, f_lin) at each eta*lam0."""
    from .train import train
    out = {"activation": activation.name, "v0s": _fl(v0s), "width": width}
    for model in ("network", "linear", "nqm"):
        runs = [[train(activation, width=width, d=d, eta_lam0=float(v), y=y, seed=s,
                       model=model, steps=steps) for v in v0s] for s in seeds]
        out[model] = {"regimes": [[r.regime.value for r in row] for row in runs],
                      "final_eta_lam": [[_fl([r.eta_lam_final])[0] for r in row]
                                        for row in runs],
                      "peak_loss": [[_fl([r.peak_loss])[0] for r in row] for row in runs]}
    return out


def etamax_part(activation, *, v0s, widths, seeds, y, steps) -> dict:
    """Regimes of the network f (parameter space, d = 2) at each width, draw and eta*lam0;
    ``largest_convergent`` per (width, draw): the maximal stable rate of Lewkowycz et al."""
    from .train import train
    rows = []
    for m in widths:
        regs = [[train(activation, width=m, d=2, eta_lam0=float(v), y=y, seed=s,
                       model="network", steps=steps).regime.value for v in v0s]
                for s in seeds]
        best = [max([v for v, r in zip(v0s, row) if r in ("monotone", "catapult")],
                    default=None) for row in regs]
        rows.append({"m": m, "regimes": regs, "largest_convergent": best})
    return {"activation": activation.name, "v0s": _fl(v0s), "rows": rows}


def band_part(activation, *, v0s, rho0s, steps, n_nodes) -> dict:
    """Fraction of rho(0) values whose limit-map run diverges, at each eta*lam0.

    rho(0) = eta (g0 - y)/sqrt m is where the draw and m enter the limit map; an edge that
    is sharp for m -> infinity has fractions 0 or 1 only.
    """
    reg, _, _ = limit_scan(activation, v0s, rho0s, n=n_nodes, steps=steps)
    div = (np.asarray(reg) == 2).mean(axis=0)
    v = np.asarray(v0s, dtype=float)
    mixed = v[(div > 0) & (div < 1)]
    some = v[div > 0]
    every = v[div >= 1]
    return {"activation": activation.name, "v0s": _fl(v), "rho0s": _fl(rho0s),
            "divergent_fraction": _fl(div), "mixed": _fl(mixed),
            "some_divergent_from": float(some.min()) if some.size else None,
            "all_divergent_from": float(every.min()) if every.size else None}
