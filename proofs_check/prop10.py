"""docs/theory.md §6 Proposition 10 and the general quadratic-model dynamics."""
from __future__ import annotations

import sympy as sp

from nqm_theory.multi import derive_general_dynamics, derive_prop10

from ._core import StepResult, verdict

NAME = "prop10"
LOC = "docs/theory.md §6"


def check():
    out = []
    P = derive_prop10()
    out.append(StepResult(
        NAME, "Proposition 10 map", "ERRATUM" if (P.one_example_form and not P.matches_printed)
        else ("PASS" if P.matches_printed else "FAIL"),
        f"g(t+1) = {sp.sstr(P.printed[0])}, lambda(t+1) = {sp.sstr(P.printed[1])}",
        f"g(t+1) = {sp.sstr(P.g_next)}, lambda(t+1) = {sp.sstr(P.lam_next)}: gamma^2 instead of "
        "gamma, and the kernel update carries a factor eta; this is the §3 map with "
        "c = gamma^2 |x|^2 (so gamma = m^(-1/2) for the uv model gives c = |x|^2/m)",
        "SymPy: reduction of polynomials in Sigma modulo Sigma^3 - |x|^2 Sigma "
        "(nqm_theory.multi.derive_prop10); derived map == one-example map with c = gamma^2|x|^2: "
        f"{P.one_example_form}", "docs/theory.md §6 Proposition 10"))
    out.append(verdict(P.one_example_form, NAME, "catapult window",
                       "catapult for 2/lambda0 < eta < 4/lambda0 (the one-example map)",
                       "the derived map is exactly the one-example map (previous step), whose "
                       "regimes are those of Theorems 1, 4, 5", "docs/theory.md §6 Proposition 10"))
    G = derive_general_dynamics()
    ch = G.checks
    out.append(verdict(ch["residual_printed"], NAME, "general residual update",
                       "f(t+1) - y = (I - eta K + 1/2 eta^2 G grad f^T)(f - y)",
                       "SymPy, generic quadratic model n = 2, p = 2 "
                       "(nqm_theory.multi.derive_general_dynamics)", LOC))
    out.append(StepResult(
        NAME, "general kernel update", "ERRATUM" if (ch["kernel_derived"] and not ch["kernel_printed"])
        else "FAIL", "K(t+1) = K - 1/4 eta (4 G grad f^T - eta G G^T)",
        "K(t+1) = K - eta (G grad f^T + grad f G^T) + eta^2 G G^T (the printed cross term "
        "is not symmetric and its eta^2 term is 4x too small)",
        f"SymPy, generic quadratic model n = 2, p = 2: derived form exact: {ch['kernel_derived']}; "
        f"printed form exact: {ch['kernel_printed']}; printed form symmetric: "
        f"{ch['kernel_printed_symmetric']}", "docs/theory.md §6, general dynamics"))
    return out
