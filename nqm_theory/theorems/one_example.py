"""Regime claims for one example (docs/theory.md §4): critical rates, Theorems 1, 4 and 5.

All cases run the exact (u, v, w) map (``u = c eta^2 r^2``, ``v = eta lam``,
``w = c eta^2 r y``) over widths 1e2..1e12; margins eps = K log(m)/sqrt(m).

Examples
--------
>>> from nqm_theory.theorems.one_example import Theorem1
>>> Theorem1().check(widths=[1e4]).status.value
'holds'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._base import CaseResult, Claim, Hypotheses, Outcome
from ._runs import eps_m, one_example_cases, rel, trajectory, worst

__all__ = ["CriticalRates", "Theorem1", "Theorem4"]

_REGIME_VALUE = {"monotone": 0, "catapult": 1, "divergent": 2, "undecided": 3}


def _expected_regime(v0, m, K):
    e = eps_m(m, K)
    if e <= v0 <= 2 - e:
        return "monotone"
    if 2 + e <= v0 <= 4 - e:
        return "catapult"
    if v0 >= 4 + e:
        return "divergent"
    return None


@dataclass(frozen=True)
class CriticalRates(Claim):
    """eta_crit = 2/lam0 and eta_max = 4/lam0 with margins eps = K log m / sqrt m."""

    K: float = 1.0
    name = "critical rates"
    statement = ("eta*lam0 in [eps, 2-eps]: monotone convergence; [2+eps, 4-eps]: catapult "
                 "(loss rises above L(0), then converges); >= 4+eps: divergence; "
                 "eps = K log m / sqrt m (docs/theory.md §1, §4; K = 1 here)")
    version = "docs/theory.md §4 regimes with eps = K log(m)/sqrt(m), natural log, K a field"

    def cases(self, widths):
        def v0s(m):
            e = eps_m(m, self.K)
            return (e, 0.5, 1.0, 2 - e, 2 + e, 2.5, 3.0, 4 - e, 4 + e, 4.5, 6.0)
        return [c for c in one_example_cases(widths, v0s)]

    def hypotheses(self, case):
        exp = _expected_regime(case.v0, case.m, self.K)
        ok = exp is not None and case.C_u > 0
        return Hypotheses(ok, () if ok else ("v0 inside an eps-band or g0 = y",))

    def predictions(self, case):
        return {"regime": _expected_regime(case.v0, case.m, self.K)}

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        exp = self.predictions(case)["regime"]
        ok = run.regime == exp
        loss = run.loss
        peak = max(float(x) for x in loss)
        measured = peak / float(loss[0])
        o = Outcome(1.0 if ok else -1.0, len(run.u) - 1, measured, 1.0,
                    f"regime {run.regime} (expected {exp}); measured = peak/L(0)")
        return CaseResult(o, None, run.precision)

    def notes(self):
        return ("measured window edges are 2 + O(1/m) and 4 + w(0) + O(1/m) (see "
                "`nqm-theory scaling`), far inside the eps = Theta(log m/sqrt m) margins",)


@dataclass(frozen=True)
class Theorem1(Claim):
    """Catapult: peak loss Omega(m delta^2 / log m), then the loss falls to O(1).

    The explicit form checked: ``sup_t u(t) >= C'_u delta^2 / log m`` (the end of the
    increasing phase of Lemma 1, ``u = 2 L / (m/(|x|^2/d) / eta^2)``) and convergence.
    """

    K: float = 1.0
    c_u_prime: float = 1.0 / 64
    name = "Theorem 1"
    statement = ("eta*lam0 in [2+eps, 4-eps], eps = Theta(log m/sqrt m): the loss rises to "
                 "Omega(m delta^2 / log m) (checked: sup u >= C'_u delta^2/log m, C'_u = 1/64, "
                 "i.e. peak L >= C'_u m delta^2/(2 |x|^2/d eta^2 log m)), then falls to O(1) "
                 "(checked: converges)")
    version = "docs/theory.md §4 Theorem 1 (lower bound with the log m of the paper, §9.7)"

    def cases(self, widths):
        def v0s(m):
            e = eps_m(m, self.K)
            return [2 + d for d in (e, 2 * e, 0.01, 0.1, 0.5, 1.0, 1.5, 1.9, 2 - e)]
        return one_example_cases(widths, v0s)

    def hypotheses(self, case):
        e = eps_m(case.m, self.K)
        ok = 2 + e <= case.v0 <= 4 - e and case.C_u > 0
        return Hypotheses(ok, () if ok else ("delta outside [eps, 2-eps] or g0 = y",))

    def predictions(self, case):
        d = case.v0 - 2
        return {"sup_u_lower": self.c_u_prime * d * d / math.log(case.m),
                "regime": "catapult"}

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        bound = self.predictions(case)["sup_u_lower"]
        i = int(np.argmax(np.array([float(x) for x in run.u])))
        peak = run.u[i]
        margin = float((peak - bound) / bound)
        if run.regime != "catapult":
            margin = -1.0
        return CaseResult(Outcome(margin, i, float(peak), bound,
                                  f"sup u vs C'_u delta^2/log m; regime {run.regime}"),
                          None, run.precision)

    def notes(self):
        return ("the log m is not needed: sup u / delta^2 stays bounded below uniformly in m "
                "(see `nqm-theory scaling`)",)


@dataclass(frozen=True)
class Theorem4(Claim):
    """Sub-critical rate and kernel change with the proof's explicit constants."""

    K: float = 1.0
    kappa_scale: float = 1.0
    name = "Theorem 4"
    statement = ("eta*lam0 in [eps, 2-eps], delta = min(v0, 2-v0): kappa(t) <= (1 - delta + "
                 "C_kappa/(m delta))^2 and |v(t) - v(0)| <= C_v/(m delta), with C_kappa = 9 C_u + "
                 "(C_u + C_u C) delta, m > max{12 C_kappa/delta^2, sqrt(6) C_kappa/delta^1.5, "
                 "C^2}; the proof bounds |w(0)| <= C_u C / m^1.5")
    corrected_statement = ("|w(0)| = C sqrt(C_u)/m exactly (w^2 = (C^2/m) u), not <= C_u C/"
                           "m^1.5; with it the induction of the proof gives kappa(t) <= (1 - "
                           "delta + C_kappa/(m delta))^2 and |v(t) - v(0)| <= C_v/(m delta) for "
                           "C_kappa = (9 + delta)(C_u + C sqrt(C_u)), C_v = 5 (C_u + C sqrt(C_u)) "
                           "and m > max{12 C_kappa/delta^2, sqrt(6) C_kappa/delta^1.5, C^2}")
    version = "docs/theory.md §4 Theorem 4 explicit constants; §9.6 w(0) bound (paper vs exact)"

    def notes(self):
        return ("besides the w(0) bound, the paper's C_kappa = 9 C_u + (C_u + C_u C) delta makes "
                "the kappa bound itself fail when C sqrt(C_u) is not small against C_u, e.g. "
                "m = 1e4, eta*lam0 = 2 eps(m) = 0.1842, g0 = 1.5, y = 1, eta = 2 (C_u = 1, C = 2): "
                "kappa(58) = 0.67462 > 0.67401; the corrected C_kappa accounts for w(0) = "
                "C sqrt(C_u)/m",)

    def cases(self, widths):
        def v0s(m):
            e = eps_m(m, self.K)
            return (e, 2 * e, 0.1, 0.5, 1.0, 1.5, 1.9, 2 - e)
        return one_example_cases(widths, v0s)

    def _consts(self, case, corrected=False):
        d = min(case.v0, 2 - case.v0)
        Cu, C = case.C_u, case.C
        if corrected:
            Ck = self.kappa_scale * (9 + d) * (Cu + C * math.sqrt(Cu))
        else:
            Ck = self.kappa_scale * (9 * Cu + (Cu + Cu * C) * d)
        return d, Cu, C, Ck

    def _m_min(self, case, corrected=False):
        d, Cu, C, Ck = self._consts(case, corrected)
        return max(12 * Ck / d ** 2, math.sqrt(6) * Ck / d ** 1.5, C ** 2)

    def hypotheses(self, case):
        e = eps_m(case.m, self.K)
        d, Cu, C, Ck = self._consts(case)
        m_min = self._m_min(case)
        ok = e <= case.v0 <= 2 - e and case.m > m_min and Cu > 0
        return Hypotheses(ok, () if ok else ("m or v0 outside the hypotheses",),
                          {"delta": d, "C_u": Cu, "C": C, "C_kappa": Ck, "m_min": m_min})

    def predictions(self, case):
        d, Cu, C, Ck = self._consts(case)
        Ckc = self._consts(case, corrected=True)[3]
        return {"kappa_max": (1 - d + Ck / (case.m * d)) ** 2,
                "kappa_max_corrected": (1 - d + Ckc / (case.m * d)) ** 2,
                "dv_max": 5 * (Cu + C * math.sqrt(Cu)) / (case.m * d),
                "w0_paper": Cu * C / case.m ** 1.5, "w0_exact": C * math.sqrt(Cu) / case.m}

    def _run_bounds(self, run, m):
        """Bounds from the run's own initial state, in its number type (float or mpf)."""
        u0, v0, w0 = run.u[0], run.v[0], run.w[0]
        d = min(v0, 2 - v0)
        Cu = m * u0
        C = (m * w0 * w0 / u0) ** 0.5 if u0 else 0 * u0
        sq = Cu ** 0.5
        Ck = self.kappa_scale * (9 * Cu + (Cu + Cu * C) * d)
        Ckc = self.kappa_scale * (9 + d) * (Cu + C * sq)
        return {"kappa_max": (1 - d + Ck / (m * d)) ** 2,
                "kappa_max_corrected": (1 - d + Ckc / (m * d)) ** 2,
                "dv_max": 5 * (Cu + C * sq) / (m * d),
                "w0_paper": Cu * C / m ** 1.5, "w0_exact": C * sq / m}

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        pr = self._run_bounds(run, run.u[0] * 0 + case.m)
        u, v = run.u, run.v
        nz = np.nonzero(u[:-1] != 0)[0]
        kap = u[nz + 1] / u[nz]

        def kappa_outcome(bound, what):
            o = worst(rel(bound, kap), kap, bound, what)
            return Outcome(o.margin, None if o.step is None else int(nz[o.step]),
                           o.measured, o.bound, o.what)
        ok_k = kappa_outcome(pr["kappa_max"], "kappa(t) <= (1-delta+C_kappa/(m delta))^2")
        ok_kc = kappa_outcome(pr["kappa_max_corrected"], "kappa(t), corrected C_kappa")
        if case.m <= self._m_min(case, corrected=True):
            ok_kc = Outcome(float("inf"), None, float("nan"), float("nan"),
                            "corrected m-condition not met (vacuous)")
        dv = abs(v - v[0])
        ok_v = worst(rel(pr["dv_max"], dv), dv, pr["dv_max"], "|v(t)-v(0)|")
        w0 = abs(run.w[0])
        w_paper = Outcome(float(rel(pr["w0_paper"], w0)) if case.y else 1.0, 0, float(w0),
                          float(pr["w0_paper"]), "|w(0)| <= C_u C/m^1.5")
        relerr = float(abs(w0 - pr["w0_exact"]) / max(float(pr["w0_exact"]), 1e-300))
        w_exact = Outcome(1.0 - relerr * 1e6, 0, float(w0), float(pr["w0_exact"]),
                          "|w(0)| = C sqrt(C_u)/m")
        paper = min((ok_k, ok_v, w_paper), key=lambda o: o.margin)
        corr = min((ok_kc, ok_v, w_exact), key=lambda o: o.margin)
        return CaseResult(paper, corr, run.precision)
