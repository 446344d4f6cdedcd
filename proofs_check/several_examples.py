"""docs/theory.md §5: the several-examples dynamics equations, the projected variables (§9.3)
and the divergence approximation (§9.4).  Uses :mod:`nqm_theory.multi` (exact SymPy
derivation by an explicit symbolic GD step on a small d = 1 network)."""
from __future__ import annotations

import sympy as sp

from nqm_theory.multi.symbolic import reduced_residual_map
from nqm_theory.symbolic.symbols import eta

from ._core import StepResult, verdict
from ._multi import WHERE, checks

NAME = "several_examples"
LOC = "docs/theory.md §5, dynamics equations and projected variables"


def _units():
    """§9.4: p^T (K(t+1) - K(t)) p for unit p = p1/|p1| when y = 0."""
    msym = sp.Symbol("m", positive=True)
    Rn, Ln = reduced_residual_map(msym)
    sy = {s.name: s for s in Ln.free_symbols | Rn.free_symbols}
    R, Y, lam = sy["R"], sy["Y"], sy["lam"]
    incr = sp.factor(Ln.subs(Y, 0) - lam)             # = Delta lambda_1 = p^T Delta K p
    want = eta * R**2 * (eta * lam - 4) / msym
    ok = sp.simplify(incr - want) == 0
    # printed: |g|^2 |p1|^2 eta (lambda1 - 4 eta)/m; with R^2 = |g o m+|^2 |p1|^2 they agree
    # only if (eta lambda1 - 4) = (lambda1 - 4 eta); sign counterexample eta = 2, lambda1 = 5/2.
    e, l1 = sp.Integer(2), sp.Rational(5, 2)
    signs = (sp.sign(e * l1 - 4), sp.sign(l1 - 4 * e))
    return StepResult(
        NAME, "divergence approximation (§9.4)", "ERRATUM" if ok and signs == (1, -1) else "FAIL",
        "p1^T R_K p1 ~ |g|^2 |p1|^2 eta (lambda1 - 4 eta)/m",
        "exactly, for y = 0 and unit p = p1/|p1|: p^T (K(t+1) - K(t)) p = lambda1(t+1) - "
        "lambda1(t) = |g o m+|^2 |p1|^2 eta (eta lambda1 - 4)/m (R = <g, p1>, R^2 = "
        "|g o m+|^2 |p1|^2); the printed (lambda1 - 4 eta) mixes units (lambda1 ~ 1/eta) "
        "and can have the wrong sign",
        f"SymPy on the exact per-direction map (nqm_theory.multi.symbolic.reduced_residual_map, "
        f"checked against explicit GD): increment = {sp.sstr(incr)} == eta R^2 (eta lam - 4)/m: "
        f"{ok}; at eta = 2, lambda1 = 5/2: sign(eta lambda1 - 4) = {signs[0]} (kernel grows) but "
        f"sign(lambda1 - 4 eta) = {signs[1]}", "docs/theory.md §5, divergence discussion; §9.4")


def check():
    ch = checks()
    out = [
        verdict(ch["paper_matrix_eqs"], NAME, "matrix dynamics equations",
                "g(t+1) - y = (I - eta K + (eta^2/m)(Q_p1 + Q_p2))(g - y), K(t+1) = K + "
                "(eta^2/m)(K_p1 + K_p2) - (4 eta/m)(Q_p1 + Q_p2)",
                WHERE + ": exact with UNnormalised p1 = x o m+, p2 = x o m- (with p_i/|p_i| "
                f"they fail: {ch['normalised_p_matrix_eqs']}) (§9.3: p_i must not be normalised)",
                LOC),
        verdict(ch["residual_map_exact"] and ch["eigenvalue_map_exact"] and ch["uvw_exact"],
                NAME, "projected (u_i, v_i) and the one-example map",
                "u_i = (2 eta^2/m) Pi_i L with Pi_i L = 1/2 <g - y, p_i>^2, v_i = eta lambda_i "
                "obey the one-example map",
                WHERE + ": with UNnormalised p_i, (u_i, v_i, w_i) with w_i = (eta^2/m) <g - y, "
                "p_i><y, p_i> obey the (u, v, w) map exactly; the factor 2 and 1/m are right "
                "for unnormalised p_i and any |x_k| (for unit p_i, Pi_i L must be multiplied by "
                "|p_i|^2)", LOC),
        StepResult(NAME, "projected w_i (§9.3)", "ERRATUM" if (not ch["paper_w_obeys_map"]
                                                               and ch["uvw_exact"]) else "FAIL",
                   "w_i = (eta^2/m) <(g - y) o m_i, y o m_i>",
                   "w_i = (eta^2/m) <g - y, p_i> <y, p_i>: only the residual along p_i enters; the "
                   "printed w_i also picks up the residual inside S+- orthogonal to p_i and is "
                   "not weighted by x, so (u_i, v_i, w_i_printed) does not obey the map",
                   WHERE + ": with the printed w_i the u-update of the one-example map fails "
                   "(paper_w_obeys_map = False); with the corrected w_i it is exact",
                   "docs/theory.md §5, projected variables; §9.3"),
        _units(),
    ]
    return out
