"""Several scalar examples (d = 1): derive the exact reduction of docs/theory.md §5 with SymPy.

Model (docs/theory.md §2 at d = 1): ``g(theta; x_k) = m^(-1/2) sum_i s_ik V_i U_i x_k`` with
``s_ik = 1{U0_i x_k >= 0}``, taken from :func:`nqm_theory.symbolic.relu_nqm.symbolic_relu`
(a genuine Taylor expansion).  With ``P = {i : U0_i > 0}``, ``N = {i : U0_i < 0}`` and
``p1 = x o m+``, ``p2 = x o m-`` (``x_k = 0`` contributes nothing), one finds

* ``g = z+ p1 + z- p2`` with ``z+- = m^(-1/2) sum_{P/N} V_i U_i`` (so g stays in span{p1, p2});
* ``K = a+ p1 p1^T + a- p2 p2^T`` with ``a+- = (1/m) sum_{P/N} (U_i^2 + V_i^2)`` (Prop. 7:
  rank <= 2, eigenvectors p1, p2, eigenvalues ``lam_i = a_i |p_i|^2``);
* with ``R_i = <g - y, p_i>`` and ``Y_i = <y, p_i>`` (UNnormalised p_i) each pair
  ``(R_i, lam_i)`` obeys exactly the one-example map of §3 with ``c = 1/m``, ``r = R_i``,
  ``y = Y_i``; hence ``u_i = (eta^2/m) R_i^2``, ``v_i = eta lam_i``,
  ``w_i = (eta^2/m) R_i Y_i`` obey the (u, v, w) map, and the loss along ``p_i / |p_i|``
  is ``R_i^2 / (2 |p_i|^2)``;
* Prop. 9: the residual orthogonal to p1, p2 (the part of ``-y``) never moves.

:func:`derive_several_examples` checks all of this by ONE explicit symbolic GD step on a
small network whose inputs have both signs (and a zero input) and returns the checks,
plus the defect of the paper's printed ``w_i = (eta^2/m) <(g - y) o m_i, y o m_i>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..symbolic.derive import derive_one_example
from ..symbolic.relu_nqm import symbolic_relu
from ..symbolic.symbols import c, eta, g, lam, r, u, v, w

__all__ = ["SeveralDerivation", "derive_several_examples", "reduced_residual_map",
           "DEFAULT_X_SIGNS", "DEFAULT_NEURON_SIGNS"]

DEFAULT_X_SIGNS = ("+", "+", "-", "0", "-")
DEFAULT_NEURON_SIGNS = ("+", "-", "+")
R, G, Y, P = sp.symbols("R G Y P", real=True)


@dataclass(frozen=True)
class SeveralDerivation:
    """Result of :func:`derive_several_examples` (docs/theory.md §5).

    Attributes
    ----------
    x_signs, neuron_signs : tuple of str
        Signs of the symbolic inputs x_k and of the initial weights U0_i.
    checks : dict
        Name -> bool; every entry is an exact SymPy identity (True) or its failure.
    reduced_map : tuple
        ``(R_next, lam_next)`` in the symbols R, lam, Y, eta, m: the exact per-direction map.
    paper_w_defect : Expr
        ``w_paper - w_exact`` at a generic point (nonzero: the printed w_i is not the
        one-example w of the reduced dynamics).
    """

    x_signs: tuple
    neuron_signs: tuple
    checks: dict
    reduced_map: tuple
    paper_w_defect: sp.Expr

    @property
    def ok(self) -> bool:
        """True iff every exactness check holds and every paper-defect check fails."""
        want_false = {"paper_w_obeys_map", "normalised_p_matrix_eqs"}
        return all(v != (k in want_false) for k, v in self.checks.items())


def reduced_residual_map(msym):
    """Per-direction map (R, lam) -> (R', lam') from the one-example residual map of §3.

    Substitutes ``r = R/P``, ``g = (R + Y)/P``, ``c = P^2/m`` (P = |p_i|) into the derived
    map, multiplies the residual by P and checks that P cancels.
    """
    r_next, lam_next = derive_one_example().residual_map.next_state
    sub = {r: R / P, g: (R + Y) / P, c: P**2 / msym}
    Rn = sp.expand(sp.cancel(P * r_next.xreplace(sub)))
    Ln = sp.expand(sp.cancel(lam_next.xreplace(sub)))
    if Rn.has(P) or Ln.has(P):
        raise AssertionError("|p_i| did not cancel from the reduced map")
    return Rn, Ln


def _build(x_signs, neuron_signs):
    n, m = len(x_signs), len(neuron_signs)
    xs = []
    for k, s in enumerate(x_signs):
        xs.append(sp.Integer(0) if s == "0" else sp.Symbol(
            f"x{k + 1}", positive=(s == "+"), negative=(s == "-")))
    ys = sp.symbols(f"y1:{n + 1}", real=True)
    net = symbolic_relu(m, 1)
    th = net.theta                       # (U_1, V_1, U_2, V_2, ...)
    U, V = th[0::2], th[1::2]
    act = [[1 if (sp.sign(x) * (1 if sn == "+" else -1)) >= 0 else 0 for x in xs]
           for sn in neuron_signs]
    outs = [sp.expand(net.f_quad.xreplace({net.x[0]: x, **{net.s[i]: act[i][k]
                                                           for i in range(m)}}))
            for k, x in enumerate(xs)]
    return xs, ys, U, V, th, outs


def _kernel(outs, th):
    J = sp.Matrix([[sp.diff(o, t) for t in th] for o in outs])
    return (J * J.T).applyfunc(sp.expand), J


def _group_quantities(U, V, neuron_signs, msym):
    zp = sum((V[i] * U[i] for i, s in enumerate(neuron_signs) if s == "+"), sp.Integer(0))
    zm = sum((V[i] * U[i] for i, s in enumerate(neuron_signs) if s == "-"), sp.Integer(0))
    ap = sum((U[i]**2 + V[i]**2 for i, s in enumerate(neuron_signs) if s == "+"), sp.Integer(0))
    am = sum((U[i]**2 + V[i]**2 for i, s in enumerate(neuron_signs) if s == "-"), sp.Integer(0))
    return zp / sp.sqrt(msym), zm / sp.sqrt(msym), ap / msym, am / msym


def _zero(e) -> bool:
    if isinstance(e, sp.MatrixBase):
        return all(sp.expand(x) == 0 for x in e)
    return sp.expand(e) == 0


@lru_cache(maxsize=None)
def derive_several_examples(x_signs=DEFAULT_X_SIGNS, neuron_signs=DEFAULT_NEURON_SIGNS,
                            reduced_map=None) -> SeveralDerivation:
    """Derive and check the exact several-example reduction (docs/theory.md §5, Props. 7, 9).

    Parameters
    ----------
    x_signs : tuple of {"+", "-", "0"}
        Signs of the inputs (symbolic x_k with that sign; "0" is the literal 0).
    neuron_signs : tuple of {"+", "-"}
        Signs of U0_i (width m = len(neuron_signs)).
    reduced_map : tuple (R_next, lam_next), optional
        Map to check instead of the derived one (e.g. a perturbed one, to see it rejected).

    Returns
    -------
    SeveralDerivation
        ``checks`` keys: ``span`` (g in span{p1,p2}), ``prop7_kernel``, ``span_next``,
        ``prop7_kernel_next``, ``prop9_orthogonal_frozen``, ``residual_map_exact``,
        ``eigenvalue_map_exact``, ``uvw_exact``, ``paper_matrix_eqs`` (printed residual
        and kernel equations with UNnormalised p, masks), ``normalised_p_matrix_eqs``
        (same with ``p/|p|``: expected False), ``paper_w_obeys_map`` (expected False).

    Examples
    --------
    >>> D = derive_several_examples(("+", "-"), ("+", "-"))
    >>> D.checks["uvw_exact"], D.checks["paper_w_obeys_map"], D.ok
    (True, False, True)
    """
    m = len(neuron_signs)
    xs, ys, U, V, th, outs = _build(tuple(x_signs), tuple(neuron_signs))
    n = len(xs)
    K, J = _kernel(outs, th)
    res = [o - yk for o, yk in zip(outs, ys)]
    step = {t: sp.expand(t - eta * sum(rk * J[k, j] for k, rk in enumerate(res)))
            for j, t in enumerate(th)}
    outs1 = [sp.expand(o.xreplace(step)) for o in outs]
    K1 = K.xreplace(step).applyfunc(sp.expand)
    p1 = sp.Matrix([x if s == "+" else 0 for x, s in zip(xs, x_signs)])
    p2 = sp.Matrix([x if s == "-" else 0 for x, s in zip(xs, x_signs)])
    mp = sp.Matrix([1 if s in "+0" else 0 for s in x_signs])   # paper: S+ = {x >= 0}
    mm = sp.Matrix([1 if s == "-" else 0 for s in x_signs])
    gv, gv1, yv = sp.Matrix(outs), sp.Matrix(outs1), sp.Matrix(ys)
    rv = gv - yv
    zp, zm, ap, am = _group_quantities(U, V, neuron_signs, sp.Integer(m))
    zp1, zm1, ap1, am1 = (q.xreplace(step) for q in (zp, zm, ap, am))
    checks = {
        "span": _zero(gv - zp * p1 - zm * p2),
        "prop7_kernel": _zero(K - ap * p1 * p1.T - am * p2 * p2.T),
        "span_next": _zero(gv1 - zp1 * p1 - zm1 * p2),
        "prop7_kernel_next": _zero(K1 - ap1 * p1 * p1.T - am1 * p2 * p2.T),
    }
    # Prop. 9: residual components orthogonal to p1, p2 are unchanged (g' - g in span)
    basis = sp.Matrix.hstack(p1, p2)
    proj = basis * (basis.T * basis).inv() * basis.T
    checks["prop9_orthogonal_frozen"] = _zero(
        ((sp.eye(n) - proj) * (gv1 - gv)).applyfunc(sp.cancel))
    Rn, Ln = reduced_residual_map(sp.Integer(m)) if reduced_map is None else reduced_map
    ok_r = ok_l = ok_uvw = paper_w = True
    uvw = derive_one_example().uvw_map.as_dict()
    defect = sp.Integer(0)
    for p, msk, a, a1 in ((p1, mp, ap, ap1), (p2, mm, am, am1)):
        Ri, Yi, n2 = (rv.T * p)[0], (yv.T * p)[0], (p.T * p)[0]
        lam_i, lam_i1 = a * n2, a1 * n2
        Ri1 = ((gv1 - yv).T * p)[0]
        sub = {R: Ri, Y: Yi, lam: lam_i}
        ok_r &= _zero(Ri1 - Rn.xreplace(sub))
        ok_l &= _zero(lam_i1 - Ln.xreplace(sub))
        k2 = eta**2 / m
        state = {u: k2 * Ri**2, v: eta * lam_i, w: k2 * Ri * Yi}
        true_next = (k2 * Ri1**2, eta * lam_i1, k2 * Ri1 * Yi)
        ok_uvw &= all(_zero(tn - uvw[s].xreplace(state)) for s, tn in zip((u, v, w), true_next))
        w_paper = k2 * sum(rv[k] * yv[k] * msk[k] for k in range(n))
        st_p = {**state, w: w_paper}
        paper_w &= _zero(true_next[0] - uvw[u].xreplace(st_p))
        defect += sp.expand(w_paper - state[w])
    checks.update(residual_map_exact=ok_r, eigenvalue_map_exact=ok_l, uvw_exact=ok_uvw,
                  paper_w_obeys_map=paper_w)
    checks["paper_matrix_eqs"] = _paper_matrix_eqs(rv, gv, gv1, yv, K, K1, p1, p2, mp, mm, m)
    q1, q2 = (p / sp.sqrt((p.T * p)[0]) for p in (p1, p2))
    checks["normalised_p_matrix_eqs"] = _paper_matrix_eqs(rv, gv, gv1, yv, K, K1, q1, q2,
                                                          mp, mm, m)
    return SeveralDerivation(tuple(x_signs), tuple(neuron_signs), checks, (Rn, Ln),
                             sp.factor(defect))


def _paper_matrix_eqs(rv, gv, gv1, yv, K, K1, p1, p2, mp, mm, m) -> bool:
    """docs/theory.md §5 printed equations: residual and kernel after one step."""
    def had(a, b):
        return a.multiply_elementwise(b)

    def Q(p, msk):
        return (had(rv, msk).T * had(gv, msk))[0] * p * p.T

    def Kp(p, msk):
        return (had(rv, msk).T * K * had(rv, msk))[0] * p * p.T

    n = rv.rows
    Qs = Q(p1, mp) + Q(p2, mm)
    res_ok = _zero((gv1 - yv) - (sp.eye(n) - eta * K + eta**2 / m * Qs) * rv)
    ker_ok = _zero(K1 - (K + eta**2 / m * (Kp(p1, mp) + Kp(p2, mm)) - 4 * eta / m * Qs))
    return bool(res_ok and ker_ok)
