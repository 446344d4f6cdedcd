"""The two phases of the catapult (docs/theory.md §4): Lemma 1, Lemma 2, Propositions 1, 3, 4, 5.

All use Lemma 1's explicit constants: a free ``C'_u`` (default 1/64),
``C_kappa = 28 C'_u + C'_u delta + C sqrt(C'_u)``, ``C_v = 28 C'_u``,
``C_eps = delta sqrt(m) / log m`` (the case's own margin) and the five conditions on m.
The increasing phase is ``t < T1``, T1 the first step with ``u > C'_u delta^2 / log m``
(the docs/theory.md version; §9.5 notes an O(delta / log m) variant); T2 is the first step
``>= T1`` with ``v <= 3``.  Props 1, 3, 4, 5 inherit Lemma 1's hypotheses.

Examples
--------
>>> from nqm_theory.theorems.phases import Lemma2
>>> Lemma2().check(widths=[1e8]).status.value
'holds'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ._base import CaseResult, Claim, Hypotheses, Outcome
from ._runs import one_example_cases, rel, trajectory, worst
from .kernel_sign import _outcome

__all__ = ["Lemma1", "Lemma2", "Proposition1", "Proposition3", "Proposition4", "Proposition5"]

_V0 = (2.05, 2.1, 2.5, 3.0, 3.5, 3.9, 3.99)


@dataclass(frozen=True)
class _Phased(Claim):
    c_u_prime: float = 1.0 / 64
    bound_scale: float = 1.0   # multiplies C_kappa and C_v in Lemma 1's predictions only
    phase_exponent: float = 2.0   # phase u <= C'_u delta^p/log m (§9.5: p = 1 variant)

    def cases(self, widths):
        return one_example_cases(widths, lambda m: _V0)

    def consts(self, case):
        d, m, C, Cu, cp = case.v0 - 2, case.m, case.C, case.C_u, self.c_u_prime
        Ck = 28 * cp + cp * d + C * math.sqrt(cp)
        Cv = 28 * cp
        Ceps = d * math.sqrt(m) / math.log(m)
        m_min = max(Ck * d / (Cu * (C + 1)) if Cu > 0 else math.inf,
                    ((2 * Cu + 4 * C * math.sqrt(Cu)) / (Ck * Ceps)) ** 2,
                    576 * C ** 2 / (cp * d ** 2), math.exp(Cv * d), math.exp(4 * Ck))
        return {"delta": d, "C_kappa": Ck, "C_v": Cv, "C_eps": Ceps, "m_min": m_min,
                "u_phase": cp * d ** self.phase_exponent / math.log(m)}

    def hypotheses(self, case):
        k = self.consts(case)
        ok = 2 < case.v0 < 4 and case.m >= k["m_min"]
        return Hypotheses(ok, () if ok else ("m below Lemma 1's explicit bound",), k)

    def phases(self, run, case):
        thr = self.consts(case)["u_phase"]
        n = len(run.u)
        T1 = next((t for t in range(n) if run.u[t] > thr), n)
        T2 = next((t for t in range(T1, n) if run.v[t] <= 3), n)
        return T1, T2


@dataclass(frozen=True)
class Lemma1(_Phased):
    """Increasing phase: geometric growth and a small kernel change."""

    name = "Lemma 1"
    statement = ("while sup u <= C'_u delta^2/log m: kappa(t) >= (1 + delta - C_kappa delta/"
                 "log m)^2 and |v(t) - v(0)| <= C_v delta/log m, under the five conditions "
                 "on m; the proof bounds |w(0)| <= C sqrt(C_u)/m^1.5")
    corrected_statement = ("same conclusions; the proof's |w(0)| <= C sqrt(C_u)/m^1.5 is false: "
                           "|w(0)| = C sqrt(C_u)/m exactly")
    version = "docs/theory.md §4 Lemma 1 (delta^2/log m phase, §9.5); §9.6 w(0) bound"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        k = self.consts(case)
        T1, _ = self.phases(run, case)
        d, L = k["delta"], math.log(case.m)
        kmin = (1 + d - self.bound_scale * k["C_kappa"] * d / L) ** 2
        n1 = min(T1, len(run.u) - 1)
        kap = run.u[1:n1 + 1] / run.u[:n1]
        o_k = worst(-rel(kmin, kap), kap, kmin, "kappa(t) >= (1+delta-C_kappa delta/log m)^2")
        dv = abs(run.v[:min(T1, len(run.u))] - run.v[0])
        bv = self.bound_scale * k["C_v"] * d / L
        o_v = worst(rel(bv, dv), dv, bv, "|v(t)-v(0)| <= C_v delta/log m")
        main = min((o_k, o_v), key=lambda o: o.margin)
        w0, Cu, C = abs(float(run.w[0])), case.C_u, case.C
        b_paper = C * math.sqrt(Cu) / case.m ** 1.5
        o_wp = Outcome((b_paper - w0) / b_paper if b_paper else 1.0, 0, w0, b_paper,
                       "|w(0)| <= C sqrt(C_u)/m^1.5")
        b_exact = C * math.sqrt(Cu) / case.m
        o_we = Outcome(1.0 - 1e6 * abs(w0 - b_exact) / max(b_exact, 1e-300), 0, w0, b_exact,
                       "|w(0)| = C sqrt(C_u)/m")
        return CaseResult(min((main, o_wp), key=lambda o: o.margin),
                          min((main, o_we), key=lambda o: o.margin), run.precision)


@dataclass(frozen=True)
class Lemma2(_Phased):
    """Decreasing phase: u returns to O(1/m)."""

    name = "Lemma 2"
    statement = ("after the increasing phase there is T* with u(T*) = O(1/m) (checked with the "
                 "constant C_u: u(T*) <= u(0) = C_u/m)")
    version = "docs/theory.md §4 Lemma 2, O(1/m) read as <= C_u/m"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        T1, _ = self.phases(run, case)
        u0 = run.u[0]
        tail = [run.u[t] for t in range(T1, len(run.u))]
        if not tail or run.regime == "divergent":
            return CaseResult(Outcome(-1.0, T1, float("nan"), float(u0),
                                      f"no decreasing phase (regime {run.regime})"), None,
                              run.precision)
        i = min(range(len(tail)), key=lambda j: tail[j])
        return CaseResult(Outcome(float((u0 - tail[i]) / u0), T1 + i, float(tail[i]),
                                  float(u0), "min_{t>=T1} u(t) <= u(0)"), None, run.precision)


@dataclass(frozen=True)
class Proposition1(_Phased):
    name = "Proposition 1"
    statement = "during the increasing phase v(T) < 4 - C_eps log m/(2 sqrt m) = 4 - (4-v0)/2"
    version = "docs/theory.md §4 Prop. 1 with C_eps = (4 - v0) sqrt(m)/log m (the case's own margin)"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        T1, _ = self.phases(run, case)
        b = 4 - (4 - case.v0) / 2
        vs = [run.v[t] for t in range(min(T1 + 1, len(run.v)))]
        return CaseResult(worst([float(b - x) / ((4 - case.v0) / 2) for x in vs], vs,
                                [b] * len(vs), "v(t) < 4 - (4-v0)/2 for t <= T1"), None,
                          run.precision)


@dataclass(frozen=True)
class Proposition3(_Phased):
    name = "Proposition 3"
    statement = "there is T2 >= T1 with v(T2) <= 3"
    version = "docs/theory.md §4 Prop. 3"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        T1, T2 = self.phases(run, case)
        vs = [run.v[t] for t in range(T1, len(run.v))]
        if not vs:
            return CaseResult(Outcome(-1.0, T1, float("nan"), 3.0, "no step after T1"), None,
                              run.precision)
        i = min(range(len(vs)), key=lambda j: vs[j])
        return CaseResult(Outcome(float(3 - vs[i]), T1 + i, float(vs[i]), 3.0,
                                  "min_{t>=T1} v(t) <= 3"), None, run.precision)


@dataclass(frozen=True)
class Proposition4(_Phased):
    name = "Proposition 4"
    statement = ("after T2, v keeps decreasing until u = O(1/m) (checked: v(t+1) < v(t) for "
                 "T2 <= t < T*, T* the first t >= T2 with u(t) <= u(0) = C_u/m)")
    corrected_statement = ("v(t+1) < v(t) for every t >= T2 with u(t) > 16 C^2/(m (4-v(t))^2) "
                           "(after T2, v <= 3, so in particular while u(t) > 16 C^2/m)")
    version = "docs/theory.md §4 Prop. 4; corrected via the sharp threshold of Prop. 2"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        _, T2 = self.phases(run, case)
        n, u0, k = len(run.u) - 1, run.u[0], case.k
        Ts = next((t for t in range(T2, n) if run.u[t] <= u0), n)
        paper = _outcome(run, list(range(T2, Ts)), "v decreases for T2 <= t < T*")
        corr = [t for t in range(T2, n)
                if run.v[t] < 4 and run.u[t] * (4 - run.v[t]) ** 2 > 16 * k]
        return CaseResult(paper, _outcome(run, corr, "v decreases (16C^2 threshold)"),
                          run.precision)


@dataclass(frozen=True)
class Proposition5(_Phased):
    name = "Proposition 5"
    statement = "re-entering an increasing phase after T2 (u(t+1) > u(t)) still lowers v"
    corrected_statement = ("after T2, at every step with u(t+1) > u(t) and u(t) > 16 C^2/"
                           "(m (4-v(t))^2), v(t+1) < v(t)")
    version = "docs/theory.md §4 Prop. 5; corrected via the sharp threshold of Prop. 2"

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        _, T2 = self.phases(run, case)
        n, k = len(run.u) - 1, case.k
        up = [t for t in range(T2 + 1, n) if run.u[t + 1] > run.u[t]]
        corr = [t for t in up if run.v[t] < 4 and run.u[t] * (4 - run.v[t]) ** 2 > 16 * k]
        return CaseResult(_outcome(run, up, "v decreases while u increases after T2"),
                          _outcome(run, corr, "same, with u > 16C^2/(m(4-v)^2)"), run.precision)
