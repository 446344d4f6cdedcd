"""The mathematics of the explorer page as presentation MathML printed by SymPy.

Chromium (and every browser with MathML Core) renders ``<math>`` natively, so the page
needs no math renderer and no font download.  Printed here:

* :func:`nqm_formula_html`: the network f and its NQM g (docs/theory.md §2), built as SymPy
  expressions (non-commutative symbols keep the order of the vector products);
* :func:`derivation_html`: every :class:`~nqm_theory.symbolic.derive.Step` of
  :func:`~nqm_theory.symbolic.derive.derive_one_example` (title, text, equations,
  how it was verified), then the derived (u, v, w) map.
"""
from __future__ import annotations

from html import escape

import sympy as sp
from sympy.printing.mathml import mathml

__all__ = ["math_block", "nqm_formula_html", "derivation_html", "DISPLAY_NAMES"]

#: Display names of the placeholder symbols of the derivation (as printing.LATEX_NAMES).
DISPLAY_NAMES = {"lam": "lambda", "theta'": "θ′", "xnorm2": "‖x‖^2",
                 "g_next": "g(t+1)", "r_next": "r(t+1)", "lam_next": "λ(t+1)",
                 "u_next": "u(t+1)", "v_next": "v(t+1)", "w_next": "w(t+1)",
                 "P_g(H)": "P_g(H)", "P_lam(H)": "P_λ(H)"}


def _display(expr):
    subs = {s: sp.Symbol(DISPLAY_NAMES[s.name], **s.assumptions0)
            for s in expr.free_symbols if s.name in DISPLAY_NAMES}
    return expr.xreplace(subs)


def math_block(expr, *, display: bool = True, order: str | None = None) -> str:
    """``<math>`` element of a SymPy expression (presentation MathML).

    Parameters
    ----------
    expr : sympy.Basic
        The expression; placeholder symbols get the names of :data:`DISPLAY_NAMES`.
    display : bool
        A block (``display="block"``) or inline formula.
    order : str, optional
        SymPy's term order (``"none"`` keeps the order of unevaluated sums).

    Returns
    -------
    str

    Examples
    --------
    >>> import sympy as sp
    >>> math_block(sp.Symbol("lam"), display=False)
    '<math><mi>&#955;</mi></math>'
    """
    body = mathml(_display(expr), printer="presentation", order=order)
    mode = ' display="block"' if display else ""
    return f'<math{mode}>{body}</math>'


def _nc(name):
    return sp.Symbol(name, commutative=False)


def _nqm_expressions():
    """``(f, g)``: the network output and its NQM, docs/theory.md §2 (four terms)."""
    i, m, d = sp.symbols("i m d", positive=True, integer=True)
    x, relu, one = _nc("x"), sp.Function("relu"), sp.Function("𝟙")
    ui, u0, vi, v0 = _nc("u_i^T"), _nc("u_0i^T"), sp.Symbol("v_i"), sp.Symbol("v_0i")

    def summed(term):
        return sp.Sum(term, (i, 1, m))
    active = one(sp.GreaterThan(u0 * x, 0, evaluate=False))
    du = sp.Add(ui, -u0, evaluate=False)
    dv = sp.Add(vi, -v0, evaluate=False)
    inv_md = 1 / sp.sqrt(m * d, evaluate=False)
    f = sp.Eq(sp.Function("f")(sp.Symbol("theta"), x),
              summed(vi * relu(ui * x / sp.sqrt(d))) / sp.sqrt(m), evaluate=False)
    terms = (sp.Function("f")(sp.Symbol("theta_0"), x),
             sp.Mul(inv_md, summed(v0 * du * x * active), evaluate=False),
             sp.Mul(1 / sp.sqrt(m), summed(dv * relu(u0 * x / sp.sqrt(d))), evaluate=False),
             sp.Mul(inv_md, summed(dv * du * x * active), evaluate=False))
    g = sp.Eq(sp.Function("g")(sp.Symbol("theta"), x), sp.Add(*terms, evaluate=False),
              evaluate=False)
    return f, g


def nqm_formula_html() -> str:
    """The network, its NQM and the reduced map, as an HTML fragment."""
    f, g = _nqm_expressions()
    return "\n".join([
        "<p>The two-layer ReLU network, with θ = (u, v), u<sub>i</sub> ∈ ℝ<sup>d</sup>, "
        "v<sub>i</sub> ∈ ℝ (NTK scaling):</p>", math_block(f, order="none"),
        "<p>Its neural quadratic model (NQM), the second-order Taylor expansion around "
        "θ<sub>0</sub> (relu″ = 0, so only the blocks ∂²f/∂u<sub>i</sub>∂v<sub>i</sub> "
        "remain):</p>", math_block(g, order="none")])


def derivation_html(derivation) -> str:
    """Every step of ``derivation`` (a Derivation) and its result, as an HTML fragment."""
    out = []
    for k, st in enumerate(derivation.steps, 1):
        out.append(f'<section class="step" id="step-{k}">')
        out.append(f"<h3>Step {k}. {escape(st.title)}</h3>")
        out.append(f"<p>{escape(st.text)}</p>")
        out.extend(math_block(eq) for eq in st.equations)
        if st.verified:
            out.append(f'<p class="verified">Verified: {escape(st.verified)}</p>')
        out.append("</section>")
    um = derivation.uvw_map
    out.append('<section class="step" id="step-result"><h3>Result: the (u, v, w) map, '
               "exact for every width m</h3>")
    for sym, expr in zip(um.state, um.next_state):
        out.append(math_block(sp.Eq(sp.Symbol(f"{sym.name}_next"), expr)))
    out.append("</section>")
    return "\n".join(out)
