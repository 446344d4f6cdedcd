"""Theorem 3 (several examples) and Proposition 10 (general quadratic models), on the
parameter-space simulator (docs/theory.md §5-6).

Examples
--------
>>> from nqm_theory.theorems.several_gd import Proposition10
>>> Proposition10().check().status.value
'holds-corrected'
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from ..params import TwoLayerReLU, gradient_descent
from ..params.gd import descend
from ..params.quadratic import QuadraticModel
from ._base import CaseResult, Claim, Outcome
from ._runs import eps_m
from .several import X_DEFAULT, Y_DEFAULT, SimCase, directions

__all__ = ["Theorem3", "Proposition10", "QuadCase"]


@dataclass(frozen=True)
class QuadCase:
    """Prop. 10 configuration: p parameters, gamma, |x|, eta*lam0, seed."""

    p: int
    gamma: float
    xnorm: float
    eta_lam0: float
    seed: int
    supports_mp: bool = False

    def describe(self) -> dict:
        out = asdict(self)
        out.pop("supports_mp")
        return out


@dataclass(frozen=True)
class Proposition10(Claim):
    """One GD step of g = 1/2 gamma w^T Sigma w with Sigma^2 = |x|^2 I, y = 0."""

    rtol: float = 1e-9
    name = "Proposition 10"
    statement = ("phi = 0, y = 0, Sigma^2 = |x|^2 I: g(t+1) = (1 - eta lam + gamma eta^2 |x|^2 "
                 "g^2) g, lam(t+1) = lam - gamma |x|^2 g^2 (4 - eta lam)")
    corrected_statement = ("g(t+1) = (1 - eta lam + gamma^2 eta^2 |x|^2 g^2) g and lam(t+1) = "
                           "lam - eta gamma^2 |x|^2 g^2 (4 - eta lam): the one-example map "
                           "with c = gamma^2 |x|^2 (gamma^2, not gamma, plays 1/m)")
    version = "docs/theory.md §6 Prop. 10 vs one GD step of params.QuadraticModel"

    def cases(self, widths=None):
        return [QuadCase(p, g, xn, e, s) for p in (4, 9) for g in (1e-3, 0.1, 0.7)
                for xn in (0.5, 2.0) for e in (1.0, 3.0) for s in (0,)]

    def evaluate(self, case, precision="float64"):
        rng = np.random.default_rng(case.seed)
        A = rng.standard_normal((case.p, case.p))
        Q, _ = np.linalg.qr(A)
        D = np.diag(np.where(np.arange(case.p) % 2 == 0, 1.0, -1.0))
        Sigma = case.xnorm * (Q @ D @ Q.T)
        Sigma = (Sigma + Sigma.T) / 2
        model = QuadraticModel(np.zeros((1, case.p)), Sigma[None], case.gamma)
        w0 = rng.standard_normal(case.p)
        lam = model.kernel(w0)[0, 0]
        g = model.output(w0)[0]
        eta = case.eta_lam0 / lam
        h = descend(model, w0, np.zeros(1), eta=eta, steps=1, record_kernel=True)
        g1, lam1 = h.outputs[1, 0], h.kernel_eigs[1, 0]
        x2, gm = case.xnorm ** 2, case.gamma
        paper = ((1 - eta * lam + gm * eta ** 2 * x2 * g * g) * g,
                 lam - gm * x2 * g * g * (4 - eta * lam))
        exact = ((1 - eta * lam + gm ** 2 * eta ** 2 * x2 * g * g) * g,
                 lam - eta * gm ** 2 * x2 * g * g * (4 - eta * lam))

        def out(pred, what):
            err = max(abs(pred[0] - g1) / max(abs(g1), abs(g)), abs(pred[1] - lam1) / lam)
            return Outcome(1 - err / self.rtol, 1, float(err), self.rtol, what)
        return CaseResult(out(paper, "paper's step (relative error)"),
                          out(exact, "gamma^2 step (relative error)"), "float64")


@dataclass(frozen=True)
class Theorem3(Claim):
    """Catapult per direction p1, p2 (lam1(0) >= lam2(0), 2/lam2(0) < 4/lam1(0))."""

    K: float = 1.0
    c_u_prime: float = 1.0 / 64
    name = "Theorem 3"
    statement = ("eta in [(2+eps)/lam1, (2-eps)/lam2]: catapult only along p1 (Pi_1 L rises to "
                 "Omega(m delta1^2/log m), Pi_2 L never exceeds Pi_2 L(0)); eta in [(2+eps)/lam2, "
                 "(4-eps)/lam1]: catapult along both; eta > (4+eps)/lam1: divergence. Checked "
                 "with Pi_i L = 1/2 <g - y, p_i/|p_i|>^2, Omega(.) as sup Pi_i L >= C'_u m "
                 "delta_i^2/(2 eta^2 |p_i|^2 log m), C'_u = 1/64, and convergence")
    version = ("docs/theory.md §5 Theorem 3 on the params simulator directly (NQM, d = 1, "
               "8 points); independent of nqm_theory.multi")

    def cases(self, widths=None):
        return [SimCase(m, s, zone=z) for m in (2000, 20000) for s in (0, 1)
                for z in ("p1", "both", "divergent")]

    def _eta(self, case, lam1, lam2):
        e = eps_m(case.m, self.K)
        lo1, hi1 = (2 + e) / lam1, (2 - e) / lam2
        lo2, hi2 = (2 + e) / lam2, (4 - e) / lam1
        if case.zone == "p1":
            return (lo1 + hi1) / 2 if lo1 < hi1 else None
        if case.zone == "both":
            return (lo2 + hi2) / 2 if lo2 < hi2 else None
        return (4 + 2 * e) / lam1

    def evaluate(self, case, precision="float64"):
        net = TwoLayerReLU.init(case.m, 1, seed=case.seed)
        X = X_DEFAULT[:, None]
        lam2, lam1 = np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind="quad"))[-2:]
        eta = self._eta(case, lam1, lam2)
        if eta is None:
            return CaseResult(Outcome(float("inf"), None, math.nan, math.nan,
                                      "zone empty for this m (vacuous)"), None, "float64")
        q1, q2 = directions(X_DEFAULT)
        r0 = net.output(net.U0, net.V0, X, kind="quad") - Y_DEFAULT
        L12 = 0.5 * float((r0 @ q1) ** 2 + (r0 @ q2) ** 2)   # loss in span{p1, p2}

        def stop(t, w, F, L):  # the loss orthogonal to p1, p2 is frozen (Prop. 9)
            r = F - Y_DEFAULT
            return 0.5 * ((r @ q1) ** 2 + (r @ q2) ** 2) < 1e-12 * L12
        h = gradient_descent(net, X, Y_DEFAULT, eta=eta, steps=6000, kind="quad",
                             record_kernel=False, callback=stop)
        return CaseResult(self._judge(case, h, eta, (lam1, lam2), L12), None, "float64")

    def _judge(self, case, h, eta, lams, L12):
        R = h.outputs - Y_DEFAULT[None, :]
        if case.zone == "divergent":
            return Outcome(1.0 if h.diverged else -1.0, h.steps, float(h.loss[-1]), L12,
                           "diverges")
        q1, q2 = directions(X_DEFAULT)
        last = 0.5 * float((R[-1] @ q1) ** 2 + (R[-1] @ q2) ** 2)
        if h.diverged or last >= 1e-8 * L12:
            return Outcome(-1.0, h.steps, last, 1e-8 * L12,
                           "loss in span{p1, p2} does not converge")
        outs = []
        for i, q in enumerate(directions(X_DEFAULT)):
            Pi = 0.5 * (R @ q) ** 2
            d = eta * lams[i] - 2
            n2 = float(np.sum(np.where((X_DEFAULT >= 0) == (i == 0), X_DEFAULT, 0.0) ** 2))
            if d > 0:
                b = self.c_u_prime * case.m * d * d / (2 * eta ** 2 * n2 * math.log(case.m))
                outs.append(Outcome(float((Pi.max() - b) / b), int(Pi.argmax()),
                                    float(Pi.max()), b, f"sup Pi_{i + 1} L (catapult)"))
            else:
                j = int(Pi.argmax())
                outs.append(Outcome(float((Pi[0] - Pi[j]) / Pi[0]) if j else 1.0, j,
                                    float(Pi[j]), float(Pi[0]), f"Pi_{i + 1} L <= Pi_{i + 1} L(0)"))
        return min(outs, key=lambda o: o.margin)
