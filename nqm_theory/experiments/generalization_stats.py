"""The verdict on the generalisation claim and the after-kernel numbers (docs/theory.md §7).

Input: the run dicts of :func:`nqm_theory.experiments.generalization_runs.run_one` for one
data set and one model.  Groups of learning rates:

* sub-critical: eta / eta_crit < 1;
* catapult window of seed s: the rates above 1, in increasing order, up to (not including)
  the first rate at which seed s diverged (eta_max of docs/theory.md §1 is the largest rate at
  which GD from w0 converges, so it is a property of each run's initialisation and data);
  its eta_max is bracketed by the last window rate and that first divergent rate.  The
  ``window`` common to all seeds is reported too.

Claim test (paired over seeds): for seed s, D_s = min over sub-critical rates of the best
test loss - min over seed s's window (diverged runs excluded); D > 0 means the catapult
window generalises better.  With the Student-t 95% interval of mean(D): ``holds`` if it is
above 0, ``fails`` if below 0 (or the window is empty), ``inconclusive`` otherwise (or
fewer than two paired seeds).  Secondary evidence, not used by the verdict (it was chosen
after the first sweep showed best test losses differing four-fold between data splits):
the same interval for log(sub / window), and the exact two-sided sign test over seeds.  Nothing is computed from a non-finite number: such a value
is left out, and a statistic without enough finite values is "not defined" (None).
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["t_interval", "window", "claim_for_model", "lin_claim", "pearson",
           "after_kernel", "tracking"]


def _finite(values) -> list:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def t_interval(values, level: float = 0.95) -> dict:
    """Mean, sample std, n and the Student-t interval of the mean of the finite values.

    Examples
    --------
    >>> r = t_interval([1.0, 2.0, 3.0])
    >>> r["mean"], r["n"], round(r["ci_low"], 3)
    (2.0, 3, -0.484)
    """
    from scipy import stats
    v = _finite(values)
    out = {"mean": None, "std": None, "n": len(v), "ci_low": None, "ci_high": None}
    if v:
        out["mean"] = float(np.mean(v))
    if len(v) >= 2:
        sd = float(np.std(v, ddof=1))
        half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1)) * sd / math.sqrt(len(v))
        out.update(std=sd, ci_low=out["mean"] - half, ci_high=out["mean"] + half)
    return out


def window(runs) -> dict:
    """Sub-critical rates, each seed's catapult window, the common window, eta_max brackets."""
    rates = sorted({r["eta_over_crit"] for r in runs})
    per_seed, bracket = {}, {}
    for seed in sorted({r["seed"] for r in runs}):
        div = {r["eta_over_crit"]: r["diverged"] for r in runs if r["seed"] == seed}
        win, first = [], None
        for x in (x for x in rates if x > 1 and x in div):
            if div[x]:
                first = x
                break
            win.append(x)
        per_seed[seed], bracket[seed] = win, [win[-1] if win else 1.0, first]
    common = sorted(set.intersection(*(set(w) for w in per_seed.values()))) if per_seed else []
    return {"sub": [x for x in rates if x < 1], "window_per_seed": per_seed,
            "window": common, "eta_max_over_crit_per_seed": bracket}


def _per_seed_min(runs, rates) -> dict:
    """seed -> lowest finite best test loss of its converged runs at ``rates`` (a list, or
    a dict seed -> list)."""
    best = {}
    for r in runs:
        v, s = r["best_test_loss"], r["seed"]
        allowed = rates.get(s, []) if isinstance(rates, dict) else rates
        if r["eta_over_crit"] in allowed and not r["diverged"] and v is not None \
                and math.isfinite(v):
            best[s] = min(best.get(s, math.inf), v)
    return best


def claim_for_model(runs) -> dict:
    """Verdict and evidence of the claim for one (data set, model); module docstring."""
    w = window(runs)
    sub, cat = _per_seed_min(runs, w["sub"]), _per_seed_min(runs, w["window_per_seed"])
    seeds = sorted(set(sub) & set(cat))
    diff = [sub[s] - cat[s] for s in seeds]
    ci = t_interval(diff)
    if not cat:
        verdict = "fails"
    elif ci["ci_low"] is None:
        verdict = "inconclusive"
    else:
        verdict = ("holds" if ci["ci_low"] > 0 else "fails" if ci["ci_high"] < 0
                   else "inconclusive")
    logs = [math.log(sub[s] / cat[s]) for s in seeds if sub[s] > 0 and cat[s] > 0]
    better = int(sum(d > 0 for d in diff))
    return {"verdict": verdict, **w, "seeds": seeds,
            "best_sub_per_seed": [sub[s] for s in seeds],
            "best_window_per_seed": [cat[s] for s in seeds],
            "difference_sub_minus_window": ci,
            "seeds_window_better": better,
            "secondary": {"log_ratio_sub_over_window": t_interval(logs),
                          "sign_test_p_two_sided": _sign_p(better, len(diff))},
            "best_sub": t_interval(sub.values()), "best_window": t_interval(cat.values())}


def _sign_p(k: int, n: int):
    """Two-sided exact binomial p-value of k successes in n fair trials (None if n = 0)."""
    if n == 0:
        return None
    from scipy import stats
    return float(stats.binomtest(k, n, 0.5).pvalue)


def lin_claim(runs) -> dict:
    """f_lin: converges at every eta < eta_crit and diverges at every eta > eta_crit."""
    below = [r for r in runs if r["eta_over_crit"] < 1]
    above = [r for r in runs if r["eta_over_crit"] > 1]
    bad = [(r["eta_over_crit"], r["seed"]) for r in below if r["diverged"]] + \
          [(r["eta_over_crit"], r["seed"]) for r in above if not r["diverged"]]
    return {"verdict": "holds" if not bad and below and above else "fails",
            "runs_below": len(below), "converged_below": sum(not r["diverged"] for r in below),
            "runs_above": len(above), "diverged_above": sum(r["diverged"] for r in above),
            "exceptions": bad}


def pearson(x, y) -> dict:
    """Pearson r of the finite pairs, with its Fisher-z 95% interval (None if undefined)."""
    from scipy import stats
    pairs = [(a, b) for a, b in zip(x, y) if a is not None and b is not None
             and math.isfinite(a) and math.isfinite(b)]
    out = {"r": None, "ci_low": None, "ci_high": None, "p_value": None, "n": len(pairs)}
    if len(pairs) < 4:
        return out
    a, b = np.array(pairs).T
    if np.std(a) == 0 or np.std(b) == 0:
        return out
    res = stats.pearsonr(a, b)
    ci = res.confidence_interval(0.95)
    return dict(out, r=float(res.statistic), ci_low=float(ci.low), ci_high=float(ci.high),
                p_value=float(res.pvalue))


def _mean_by_seed(runs, rates, key) -> dict:
    acc = {}
    for r in runs:
        v = r[key]
        allowed = rates.get(r["seed"], []) if isinstance(rates, dict) else rates
        if r["eta_over_crit"] in allowed and not r["diverged"] and v is not None \
                and math.isfinite(v):
            acc.setdefault(r["seed"], []).append(v)
    return {s: float(np.mean(v)) for s, v in acc.items()}


def after_kernel(runs) -> dict:
    """Alignment of K(0), K(end), K(best) against eta; catapult effect; correlation."""
    w = window(runs)
    ok = [r for r in runs if not r["diverged"]]
    per_rate = []
    for x in sorted({r["eta_over_crit"] for r in ok}):
        rs = [r for r in ok if r["eta_over_crit"] == x]
        per_rate.append({"eta_over_crit": x, **{k: t_interval([r[k] for r in rs])["mean"]
                         for k in ("align0", "align_final", "align_best", "align_test_final",
                                   "best_test_loss")}})
    effect = {}
    for key in ("align_final", "align_best", "align_test_final"):
        sub = _mean_by_seed(runs, w["sub"], key)
        cat = _mean_by_seed(runs, w["window_per_seed"], key)
        effect[key] = t_interval([cat[s] - sub[s] for s in sorted(set(sub) & set(cat))])
    ci = effect["align_final"]
    raises = (None if ci["ci_low"] is None else "raises" if ci["ci_low"] > 0
              else "lowers" if ci["ci_high"] < 0 else "inconclusive")
    loss = [r["best_test_loss"] for r in ok]
    return {"per_rate": per_rate, "window_minus_sub": effect, "catapult_effect": raises,
            "corr_align_best_vs_best_test_loss": pearson([r["align_best"] for r in ok], loss),
            "corr_align_test_best_vs_best_test_loss": pearson(
                [r["align_test_best"] for r in ok], loss)}


def tracking(runs_f, runs_q, early: float = 0.1) -> dict:
    """How closely f_quad's test loss follows f's: |L_f - L_q| / L_f at the record nearest
    to ``early`` x the step budget and at the last step, over converged (seed, eta) pairs."""
    quad = {(r["seed"], r["eta_over_crit"]): r for r in runs_q if not r["diverged"]}
    gaps = []
    for r in runs_f:
        q = quad.get((r["seed"], r["eta_over_crit"]))
        if r["diverged"] or q is None:
            continue
        lf, lq = np.asarray(r["curves"]["test_loss"]), np.asarray(q["curves"]["test_loss"])
        i = int(np.argmin(np.abs(np.asarray(r["curves"]["steps"]) - early * r["steps"])))
        gaps.append((abs(lf[i] - lq[i]) / lf[i], abs(lf[-1] - lq[-1]) / lf[-1]))
    g = np.array([x for x in gaps if all(math.isfinite(v) for v in x)]).reshape(-1, 2)
    if not len(g):
        return {"n": 0, "median_gap_early": None, "median_gap_end": None,
                "share_gap_grows": None}
    return {"n": len(g), "early_fraction": early, "median_gap_early": float(np.median(g[:, 0])),
            "median_gap_end": float(np.median(g[:, 1])),
            "share_gap_grows": float(np.mean(g[:, 1] > g[:, 0]))}
