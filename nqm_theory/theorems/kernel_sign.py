"""Sign of the kernel change (docs/theory.md §3-4): monotone decrease, Proposition 2, Theorem 5.

From the derived map, ``v(t+1) - v(t) = -(u (4 - v) + 4 w) = -c eta^2 r (4 g - eta lam r)``,
i.e. ``R_lambda = eta c r^2 (4 g/r - eta lam)`` as the paper writes.  Because
``w^2 = (C^2/m) u``, the term ``4 w`` can only be dominated by ``u (4 - v)`` once
``u > 16 C^2 / (m (4 - v)^2)``; this sharp threshold replaces the paper's
``4 C / (m (4 - v)^2)`` (Prop. 2), and its mirror ``16 C^2/(m (v - 4)^2)`` governs
Theorem 5's "the kernel increases once eta*lam > 4".

Examples
--------
>>> from nqm_theory.theorems.kernel_sign import Proposition2
>>> Proposition2().check(widths=[1e3]).status.value
'holds-corrected'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import CaseResult, Claim, Hypotheses, Outcome
from ._runs import eps_m, one_example_cases, trajectory, worst

__all__ = ["MonotoneKernelDecrease", "Proposition2", "Theorem5", "decrease_margins"]

_CATAPULT_V0 = (2.1, 2.5, 3.0, 3.5, 3.9)


def decrease_margins(run, t_idx, sign=+1):
    """Normalized change ``sign * (v(t) - v(t+1)) / (u|4-v| + 4|w|)`` at steps ``t_idx``.

    In [-1, 1]; > 0 means v decreased (sign=+1) / increased (sign=-1).  A step whose
    change is below 64 ulp of v is reported as 0 (undecided), which makes
    :meth:`~nqm_theory.theorems.Claim.check` re-run the case in mp50.
    """
    u, v, w = run.u, run.v, run.w
    ulp = 2.0 ** -52 if run.precision == "float64" else 1e-45
    out = []
    for t in t_idx:
        scale = u[t] * abs(4 - v[t]) + 4 * abs(w[t])
        if scale <= 64 * ulp * max(abs(v[t]), 1):
            out.append(0.0)   # below the resolution of v: undecidable at this precision
        else:
            out.append(sign * (v[t] - v[t + 1]) / scale)
    return out


def _steps_where(run, pred):
    n = len(run.u) - 1
    return [t for t in range(n) if pred(run.u[t], run.v[t], run.w[t])]


def _outcome(run, steps, what, sign=+1):
    m = decrease_margins(run, steps, sign)
    dv = [run.v[t + 1] - run.v[t] for t in steps]
    return worst(m, dv, [0.0] * len(dv), what, offset=0) if not steps else \
        _shift(worst(m, dv, [0.0] * len(dv), what), steps)


def _shift(o, steps):
    return Outcome(o.margin, steps[o.step], o.measured, o.bound, o.what)


@dataclass(frozen=True)
class MonotoneKernelDecrease(Claim):
    """'The kernel decreases monotonically during the catapult' and its exact form."""

    name = "monotone kernel decrease"
    statement = ("in the catapult regime R_lambda > 0 at every step, so lambda(t+1) <= "
                 "lambda(t) throughout the catapult")
    corrected_statement = ("lambda(t+1) < lambda(t) iff r (4 g - eta lambda r) > 0, i.e. "
                           "u(4-v) + 4w > 0 (and > iff <); hence strictly monotone for y = 0 "
                           "(v < 4 throughout a converging catapult) and, for y != 0, at every "
                           "step with u > 16 C^2/(m (4-v)^2); it can fail (lambda increases) "
                           "while u is small and r y < 0, e.g. at t = 0 when g0 = 0")
    version = "docs/theory.md §4 'Monotone kernel decrease'; exact iff from the derived map"

    def cases(self, widths):
        return one_example_cases(widths, lambda m: _CATAPULT_V0)

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        if run.regime != "catapult":
            return CaseResult(Outcome(-1.0, None, 0.0, 0.0, f"regime {run.regime}"), None,
                              run.precision)
        allsteps = list(range(len(run.u) - 1))
        paper = _outcome(run, allsteps, "lambda(t+1) <= lambda(t) at every step")
        dec = [t for t in allsteps if run.u[t] * (4 - run.v[t]) + 4 * run.w[t] > 0]
        inc = [t for t in allsteps if run.u[t] * (4 - run.v[t]) + 4 * run.w[t] < 0]
        o1 = _outcome(run, dec, "decreases where u(4-v)+4w > 0")
        o2 = _outcome(run, inc, "increases where u(4-v)+4w < 0", sign=-1)
        corr = min((o1, o2), key=lambda o: o.margin)
        if case.y == 0 and inc:
            corr = Outcome(-1.0, inc[0], 0.0, 0.0, "y = 0 but u(4-v) < 0 somewhere")
        return CaseResult(paper, corr, run.precision)


@dataclass(frozen=True)
class Proposition2(Claim):
    """If v(t) < 4 and u(t) > A C/(m (4 - v)^2) then v(t+1) < v(t)."""

    threshold_const: float = 4.0
    sharp_const: float = 16.0
    name = "Proposition 2"
    statement = "if v(t) < 4 and u(t) > 4C/(m (4 - v(t))^2) then v(t+1) < v(t)"
    corrected_statement = ("if v(t) < 4 and u(t) > 16 C^2/(m (4 - v(t))^2) then v(t+1) < v(t); "
                           "the threshold is sharp (w = -C sqrt(u/m) gives equality)")
    version = "docs/theory.md §4 Prop. 2 (threshold 4C/(m(4-v)^2)) vs the sharp 16C^2 threshold"

    def cases(self, widths):
        return one_example_cases(widths, lambda m: _CATAPULT_V0)

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        m, C, k = case.m, case.C, case.k
        A = self.threshold_const
        paper_steps = _steps_where(run, lambda u, v, w: v < 4 and u * m * (4 - v) ** 2 > A * C)
        B = self.sharp_const
        corr_steps = _steps_where(run, lambda u, v, w: v < 4 and u * (4 - v) ** 2 > B * k)
        return CaseResult(_outcome(run, paper_steps, "v decreases (paper threshold)"),
                          _outcome(run, corr_steps, "v decreases (16C^2 threshold)"),
                          run.precision)


@dataclass(frozen=True)
class Theorem5(Claim):
    """Divergence for eta*lam0 >= 4 + eps; the kernel increases once eta*lam > 4."""

    K: float = 1.0
    name = "Theorem 5"
    statement = ("eta*lam0 >= 4 + eps: GD diverges, and at every step with eta*lam(t) > 4 "
                 "the kernel increases (docs/theory.md §9.1: the text's 'R_lambda > 0' has the wrong "
                 "sign: for y = 0, R_lambda = eta c r^2 (4 - eta lam) < 0 there)")
    corrected_statement = ("GD diverges; lambda(t+1) > lambda(t) at every step with "
                           "eta*lam(t) > 4 and (w(t) <= 0 or u(t) > 16 C^2/(m (v(t)-4)^2)); "
                           "it can decrease while u is small and r y > 0")
    version = ("docs/theory.md §4 Theorem 5; §9.1 sign of R_lambda (checked: lambda' = "
               "lambda - R_lambda)")

    def cases(self, widths):
        def v0s(m):
            e = eps_m(m, self.K)
            return (4 + e, 4 + 2 * e, 4.01, 4.1, 4.5, 5.0, 6.0)
        return one_example_cases(widths, v0s)

    def hypotheses(self, case):
        ok = case.v0 >= 4 + eps_m(case.m, self.K)
        return Hypotheses(ok, () if ok else ("eta*lam0 < 4 + eps",))

    def evaluate(self, case, precision="float64"):
        run = trajectory(case, precision)
        k = case.k
        if run.regime != "divergent":
            o = Outcome(-1.0, len(run.u) - 1, 0.0, 0.0, f"regime {run.regime}")
            return CaseResult(o, o, run.precision)
        fin = [t for t in range(len(run.u) - 1) if np.isfinite(float(run.v[t + 1]))
               and np.isfinite(float(run.u[t])) and float(run.u[t]) < 1e150]
        paper = [t for t in fin if run.v[t] > 4]
        corr = [t for t in paper
                if run.w[t] <= 0 or run.u[t] * (run.v[t] - 4) ** 2 > 16 * k]
        return CaseResult(_outcome(run, paper, "v increases where v > 4", sign=-1),
                          _outcome(run, corr, "v increases (corrected premise)", sign=-1),
                          run.precision)
