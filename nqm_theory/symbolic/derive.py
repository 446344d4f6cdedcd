"""Derive the one-example GD dynamics of the ReLU NQM (docs/theory.md §3) with SymPy.

The derivation works for *every* width ``m`` by reducing polynomials in the Hessian:

1. The ReLU NQM is a quadratic form, ``g(theta) = 1/2 theta^T H theta`` (identity S1),
   so ``grad g = H theta`` and the kernel is ``lam = |grad g|^2 = theta^T H^2 theta``.
2. Its Hessian satisfies ``H^3 = c H`` with ``c = |x|^2/(m d)`` (identity S2, which holds
   neuron by neuron because ``H`` is block diagonal, S3).
3. A GD step on ``L = r^2/2`` is ``theta' = (1 - eta r H) theta``.  Every quantity after
   the step is ``theta^T P(H) theta`` for a polynomial ``P``; reducing ``P`` modulo
   ``H^3 - c H`` leaves only the moments ``theta^T H theta = 2 g`` and
   ``theta^T H^2 theta = lam``.

S1-S3 are checked symbolically for small explicit widths in
:mod:`nqm_theory.symbolic.relu_nqm`; the resulting maps are checked against explicit
neuron-level GD by :mod:`nqm_theory.symbolic.crosscheck` (a second, independent route).
Symbols are the paper's (see :mod:`nqm_theory.symbolic.symbols`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from .relu_nqm import check_structural_identities
from .symbols import H, c, d, eta, g, lam, m, r, u, v, w, y

theta, M1, M2, XNORM2 = sp.symbols("theta M_1 M_2 xnorm2")

__all__ = ["Step", "UpdateMap", "Derivation", "derive_one_example", "CHECKED_SHAPES"]

#: (m, d) pairs on which the structural identities are verified during a derivation.
CHECKED_SHAPES = ((1, 1), (2, 1), (2, 2), (3, 1), (1, 3))


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a title, prose, equations and how it was verified.

    Attributes
    ----------
    title : str
        Short name of the step (plain words, no mathematics).
    text : str
        The step in plain text (ASCII mathematics), for ``derive --format text``.
    equations : tuple of sympy.Eq
        The equations the step derives, as SymPy objects (printed by both renderers).
    verified : str
        How the step was checked, plain text (empty if it is a definition).
    latex : str
        The same prose as ``text`` in LaTeX: words in text mode, every formula in ``$...$``.
    latex_verified : str
        ``verified`` in LaTeX.
    formulas : tuple of (str, str)
        Displayed formulas that are not SymPy equations (the NQM itself), as
        ``(plain text, LaTeX align* row)`` pairs, shown before ``equations``.
    """

    title: str
    text: str
    equations: tuple
    verified: str = ""
    latex: str = ""
    latex_verified: str = ""
    formulas: tuple = ()


@dataclass(frozen=True)
class UpdateMap:
    """A derived map ``state -> next_state`` with named symbols (paper notation).

    Attributes
    ----------
    name : str
        ``"residual"`` for (r, lam) (docs/theory.md §3, eqs. for r(t+1), lambda(t+1)) or
        ``"uvw"`` for the rescaled map (u, v, w).
    state, next_state : tuple
        State symbols and the SymPy expressions of their values after one GD step.
    params : tuple
        Parameter symbols the expressions may contain.
    """

    name: str
    state: tuple
    next_state: tuple
    params: tuple

    def as_dict(self) -> dict:
        """``{symbol: next-value expression}``."""
        return dict(zip(self.state, self.next_state))

    def jacobian(self) -> sp.Matrix:
        """Jacobian ``d next_state / d state`` (used for Theorem 2)."""
        return sp.Matrix(self.next_state).jacobian(sp.Matrix(self.state))


@dataclass(frozen=True)
class Derivation:
    """Immutable result of :func:`derive_one_example`: the steps and the two maps."""

    steps: tuple
    residual_map: UpdateMap
    uvw_map: UpdateMap

    def to_text(self) -> str:
        """Step-by-step plain-text rendering (see :mod:`nqm_theory.symbolic.printing`)."""
        from .printing import derivation_text
        return derivation_text(self)

    def to_latex(self) -> str:
        """LaTeX rendering of every step."""
        from .printing import derivation_latex
        return derivation_latex(self)


def _reduce(poly: sp.Expr) -> dict:
    """Reduce a polynomial in ``H`` modulo ``H^3 - c H``; return ``{k: coefficient}``."""
    rem = sp.rem(sp.expand(poly), H**3 - c * H, H)
    p = sp.Poly(rem, H)
    return {k: sp.expand(p.coeff_monomial(H**k)) for k in range(3)}


def _moments(coeffs: dict) -> sp.Expr:
    """Replace ``theta^T H^k theta`` by 2g (k=1) and lam (k=2); k=0 must not occur."""
    if coeffs[0] != 0:
        raise AssertionError("theta^T theta appeared: the reduction left the range of H")
    return coeffs[1] * 2 * g + coeffs[2] * lam


def _to_uvw(expr: sp.Expr) -> sp.Expr:
    """Rewrite an expression in (r, lam, y) through u = c eta^2 r^2, v = eta lam, w = c eta^2 r y."""
    e = sp.expand(expr.subs({y: w / (c * eta**2 * r), lam: v / eta}))
    num, den = sp.fraction(sp.together(e))
    num = sp.rem(sp.expand(num), r**2 - u / (c * eta**2), r)
    den = sp.rem(sp.expand(den), r**2 - u / (c * eta**2), r)
    out = sp.factor(sp.cancel(num / den))
    if out.has(r, y, lam, c, eta):
        raise AssertionError(f"change of variables did not close: {out}")
    return out


#: The network and its NQM as (plain text, LaTeX) pairs: Taylor form, ReLU form (§2).
NQM_FORMULAS = (
    ("f(U, V; x) = m^(-1/2) sum_i V_i relu(U_i^T x / sqrt d)",
     r"f(U, V; x) &= \frac{1}{\sqrt{m}} \sum_{i=1}^{m} V_i\,\mathrm{relu}\bigl(U_i^\top x/"
     r"\sqrt{d}\bigr)"),
    ("g(theta) = f(theta0) + J (theta - theta0) + 1/2 (theta - theta0)^T H (theta - theta0),"
     "  J = grad f(theta0), H = Hessian of f at theta0",
     r"g(\theta) &= f(\theta_0) + J\,(\theta - \theta_0)"
     r" + \tfrac{1}{2}\,(\theta - \theta_0)^\top H\,(\theta - \theta_0)"),
    ("g(U, V; x) = f(U0, V0; x) + (md)^(-1/2) sum_i s_i V0_i (U_i - U0_i)^T x"
     " + m^(-1/2) sum_i (V_i - V0_i) relu(U0_i^T x / sqrt d)"
     " + (md)^(-1/2) sum_i s_i (V_i - V0_i) (U_i - U0_i)^T x",
     r"g(U, V; x) &= f(U_0, V_0; x) + \frac{1}{\sqrt{md}} \sum_{i=1}^{m} s_i V_{0,i}"
     r" (U_i - U_{0,i})^\top x \\ &\quad + \frac{1}{\sqrt{m}} \sum_{i=1}^{m} (V_i - V_{0,i})"
     r"\,\mathrm{relu}\bigl(U_{0,i}^\top x/\sqrt{d}\bigr) \\ &\quad + \frac{1}{\sqrt{md}}"
     r" \sum_{i=1}^{m} s_i (V_i - V_{0,i}) (U_i - U_{0,i})^\top x"),
)


def _shapes_latex() -> str:
    return r"$(m, d) \in \{" + ", ".join(f"({a}, {b})" for a, b in CHECKED_SHAPES) + r"\}$"


def _structure_steps() -> list:
    checks = {shape: check_structural_identities(*shape) for shape in CHECKED_SHAPES}
    for shape, res in checks.items():
        if not all(res.values()):
            raise AssertionError(f"structural identity failed for (m, d) = {shape}: {res}")
    where, where_tex = ", ".join(f"(m,d)={s}" for s in CHECKED_SHAPES), _shapes_latex()
    return [
        Step("The NQM of the two-layer ReLU network",
             "Taylor-expand f = m^(-1/2) sum_i V_i relu(U_i.x/sqrt d) to second order around "
             "theta0 with relu'(z) = 1{z0>=0}, relu''=0 and s_i = 1{U0_i.x >= 0}. It equals "
             "the paper's four-term formula.",
             (), f"S0: SymPy Taylor expansion == docs/theory.md §2 formula for {where}, all patterns",
             r"The two-layer network $f$ below has parameters "
             r"$\theta = (U_1, V_1, \dots, U_m, V_m)$ (each $U_i$ has $d$ real entries, each $V_i$ is "
             r"real). "
             r"Its NQM $g$ is the second-order Taylor expansion of $f$ around the "
             r"initialisation $\theta_0$, with Jacobian $J = \nabla_\theta f(\theta_0)$ and "
             r"Hessian $H = \nabla_\theta^2 f(\theta_0)$. Since $\mathrm{relu}'(z) = \mathbf{1}\{z_0 \ge 0\}$ "
             r"and $\mathrm{relu}'' = 0$ almost everywhere, it is the four-term formula below, "
             r"with $s_i = \mathbf{1}\{U_{0,i}^\top x \ge 0\}$.",
             r"SymPy's Taylor expansion equals the four-term formula (Section 2 of "
             r"\texttt{docs/theory.md}) for " + where_tex + ", every activation pattern",
             NQM_FORMULAS),
        Step("The ReLU NQM is a quadratic form",
             "relu is positively homogeneous, so g(theta) = 1/2 theta^T H theta; hence "
             "grad g = H theta and lam = |grad g|^2 = theta^T H^2 theta. Write the moments "
             "M_k = theta^T H^k theta.",
             (sp.Eq(M1, 2 * g), sp.Eq(M2, lam)),
             f"S1: exact symbolic identity for {where}, all activation patterns",
             r"Because relu is positively homogeneous, the NQM is a quadratic form, "
             r"$g(\theta) = \tfrac{1}{2}\theta^\top H \theta$. Hence "
             r"$\nabla_\theta g = H\theta$ and the tangent kernel is "
             r"$\lambda = \lVert\nabla_\theta g\rVert^2 = \theta^\top H^2 \theta$. "
             r"Write $M_k = \theta^\top H^k \theta$ for the moments.",
             "exact symbolic identity for " + where_tex + ", every activation pattern"),
        Step("Hessian identity",
             "H is block diagonal over neurons with blocks m^(-1/2) s_i [[0, x/sqrt d], "
             "[x^T/sqrt d, 0]], each of which cubes to c times itself; so H^3 = c H.",
             (sp.Eq(H**3, c * H), sp.Eq(c, XNORM2 / (m * d))),
             f"S2, S3: exact symbolic identities for {where}; blockwise for every m",
             r"$H$ is block diagonal over the neurons, with blocks $m^{-1/2} s_i "
             r"\left(\begin{smallmatrix} 0 & x/\sqrt{d} \\ x^\top/\sqrt{d} & 0"
             r"\end{smallmatrix}\right)$, and each block cubes to $c$ times itself; "
             r"so $H^3 = cH$.",
             "exact symbolic identities for " + where_tex + r"; blockwise for every $m$"),
        Step("One gradient step",
             "L = r^2/2 with r = g - y, so theta' = theta - eta r H theta = (1 - eta r H) theta.",
             (sp.Eq(sp.Symbol("theta'"), (1 - eta * r * H) * theta),), "",
             r"The loss is $L = r^2/2$ with residual $r = g - y$, so one step of gradient "
             r"descent with learning rate $\eta$ is $\theta' = \theta - \eta r H \theta = "
             r"(1 - \eta r H)\,\theta$."),
    ]


@lru_cache(maxsize=1)
def derive_one_example() -> Derivation:
    """Derive the exact one-example maps of docs/theory.md §3 from the ReLU NQM.

    Returns
    -------
    Derivation
        ``residual_map`` gives (r(t+1), lambda(t+1)) in terms of r, lam, g, eta, c and
        ``uvw_map`` gives (u(t+1), v(t+1), w(t+1)) in terms of u, v, w (parameter-free).

    Examples
    --------
    >>> D = derive_one_example()
    >>> D.uvw_map.as_dict()[u]
    u*(u - v + w + 1)**2
    """
    steps = _structure_steps()
    P = 1 - eta * r * H
    g_coeffs = _reduce(P**2 * H)
    g_next = sp.expand(_moments(g_coeffs) / 2)
    r_next = sp.factor(sp.expand((g_next - y).subs(y, g - r)))
    lam_coeffs = _reduce(P**2 * H**2)
    lam_next = sp.expand(_moments(lam_coeffs))
    steps += [
        Step("Output after the step",
             "g' = 1/2 theta^T (1 - eta r H)^2 H theta; reduce the polynomial modulo "
             "H^3 - c H and read M_1 = 2g, M_2 = lam.",
             (sp.Eq(sp.Symbol("P_g(H)"), sum(k * H**i for i, k in g_coeffs.items())),
              sp.Eq(sp.Symbol("g_next"), g_next), sp.Eq(sp.Symbol("r_next"), r_next)),
             "polynomial remainder in SymPy",
             r"After the step, $g' = \tfrac{1}{2}\theta^\top (1 - \eta r H)^2 H \theta$. "
             r"The polynomial $P_g(H) = (1 - \eta r H)^2 H$ is reduced modulo $H^3 - cH$; "
             r"the remainder contains only the moments $M_1 = 2g$ and $M_2 = \lambda$.",
             "polynomial remainder in SymPy"),
        Step("Kernel after the step",
             "lam' = |H theta'|^2 = theta^T (1 - eta r H)^2 H^2 theta, reduced the same way.",
             (sp.Eq(sp.Symbol("P_lam(H)"), sum(k * H**i for i, k in lam_coeffs.items())),
              sp.Eq(sp.Symbol("lam_next"), lam_next)),
             "polynomial remainder in SymPy",
             r"Likewise $\lambda' = \lVert H\theta'\rVert^2 = \theta^\top (1 - \eta r H)^2 "
             r"H^2 \theta$, reduced modulo $H^3 - cH$ in the same way.",
             "polynomial remainder in SymPy"),
    ]
    r_next_y = r_next.subs(g, r + y)
    lam_next_y = lam_next.subs(g, r + y)
    u_next = _to_uvw(c * eta**2 * r_next_y**2)
    v_next = sp.expand(_to_uvw(eta * lam_next_y))
    w_next = _to_uvw(c * eta**2 * r_next_y * y)
    inv = sp.expand((c * eta**2 * r * y)**2 - (c * eta**2 * y**2) * (c * eta**2 * r**2))
    if inv != 0:
        raise AssertionError("invariant w^2 = c eta^2 y^2 u failed")
    steps += [
        Step("Change of variables",
             "u = c eta^2 r^2 >= 0, v = eta lam >= 0, w = c eta^2 r y; then c eta^2 r g = u + w "
             "and the map closes on (u, v, w) with no parameter left.",
             (sp.Eq(sp.Symbol("u_next"), u_next), sp.Eq(sp.Symbol("v_next"), v_next),
              sp.Eq(sp.Symbol("w_next"), w_next)),
             "SymPy substitution; no r, y, lam, c or eta remains",
             r"With $u = c\eta^2 r^2 \ge 0$, $v = \eta\lambda \ge 0$ and $w = c\eta^2 r y$ "
             r"one has $c\eta^2 r g = u + w$, and the map closes on $(u, v, w)$ with no "
             r"parameter left. The growth factor of $u$ is $\kappa(t)$, so that "
             r"$u(t+1) = \kappa(t)\,u(t)$.",
             r"SymPy substitution; no $r$, $y$, $\lambda$, $c$ or $\eta$ remains",
             (("kappa(t) = (1 - v + u + w)^2,  u(t+1) = kappa(t) u(t)",
               r"\kappa(t) &= \bigl(1 - v(t) + u(t) + w(t)\bigr)^2"),)),
        Step("Invariant",
             "w^2 = c eta^2 y^2 u = (C^2/m) u with C = eta |x| |y| / sqrt d.",
             (sp.Eq(w**2 - c * eta**2 * y**2 * u, inv, evaluate=False),),
             "with u, w written in r and y, the left side expands to 0",
             r"The map keeps $w^2 = c\eta^2 y^2 u = (C^2/m)\,u$ with "
             r"$C = \eta\,\lVert x\rVert\,\lvert y\rvert/\sqrt{d}$.",
             r"with $u$ and $w$ written in $r$ and $y$, the left-hand side expands to $0$"),
    ]
    res_map = UpdateMap("residual", (r, lam), (r_next, lam_next), (g, y, eta, c))
    uvw = UpdateMap("uvw", (u, v, w), (u_next, v_next, w_next), ())
    return Derivation(tuple(steps), res_map, uvw)
