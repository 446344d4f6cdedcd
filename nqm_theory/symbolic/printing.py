"""Render a :class:`~nqm_theory.symbolic.derive.Derivation` for teaching and for tools.

Three formats (the ``nqm-theory derive --format`` choices):

* ``text``: numbered steps, prose, 2-D ASCII equations and how each step was verified;
* ``latex``: a LaTeX fragment (``align*`` blocks) for notes and slides;
* ``sympy``: one line per map, ``name = <expr>``, each parseable by ``sympy.parse_expr``
  with the symbols u, v, w, r, lam, g, y, eta, c (PAPER.md §3).
"""
from __future__ import annotations

import sympy as sp

__all__ = ["derivation_text", "derivation_latex", "derivation_sympy_lines"]


#: LaTeX names of the placeholder symbols used in the derivation steps.
LATEX_NAMES = {"theta": r"\theta", "theta'": r"\theta'", "M_1": r"\theta^\top H \theta",
               "M_2": r"\theta^\top H^2 \theta", "xnorm2": r"\lVert x\rVert^2",
               "lam": r"\lambda", "eta": r"\eta", "P_g": "P_g", "P_lam": r"P_\lambda",
               "g_next": "g(t+1)", "r_next": "r(t+1)", "lam_next": r"\lambda(t+1)",
               "u_next": "u(t+1)", "v_next": "v(t+1)", "w_next": "w(t+1)"}


def _latex(expr) -> str:
    names = {s: LATEX_NAMES[s.name] for s in expr.free_symbols if s.name in LATEX_NAMES}
    return sp.latex(expr, symbol_names=names)


def _eq_text(eq) -> str:
    return sp.pretty(eq, use_unicode=False, wrap_line=False)


def derivation_text(D) -> str:
    """Plain-text, step-by-step derivation.

    Examples
    --------
    >>> from nqm_theory.symbolic.derive import derive_one_example
    >>> print(derivation_text(derive_one_example()).splitlines()[0])
    Derivation of the one-example GD dynamics of the ReLU NQM (PAPER.md section 3)
    """
    out = ["Derivation of the one-example GD dynamics of the ReLU NQM (PAPER.md section 3)", ""]
    for i, st in enumerate(D.steps, 1):
        out.append(f"Step {i}. {st.title}")
        out.append(f"  {st.text}")
        for eq in st.equations:
            out.extend("    " + line for line in _eq_text(eq).splitlines())
        if st.verified:
            out.append(f"  [verified: {st.verified}]")
        out.append("")
    out.append("Result (exact, every width m):")
    out.extend("  " + line for line in derivation_sympy_lines(D))
    return "\n".join(out) + "\n"


def derivation_latex(D) -> str:
    """LaTeX fragment: one ``\\paragraph`` and ``align*`` block per step."""
    out = ["% Derivation of the one-example NQM dynamics (PAPER.md section 3)"]
    for i, st in enumerate(D.steps, 1):
        out.append(f"\\paragraph{{Step {i}: {st.title}.}} {st.text}")
        if st.equations:
            out.append("\\begin{align*}")
            out.append(" \\\\\n".join(f"  {_latex(eq.lhs)} &= {_latex(eq.rhs)}"
                                      for eq in st.equations))
            out.append("\\end{align*}")
        if st.verified:
            out.append(f"\\emph{{Verified: {st.verified}.}}")
    return "\n".join(out) + "\n"


def derivation_sympy_lines(D) -> list:
    """``u_next``, ``v_next``, ``w_next``, ``r_next``, ``lam_next`` as ``name = expr`` lines.

    Examples
    --------
    >>> from nqm_theory.symbolic.derive import derive_one_example
    >>> derivation_sympy_lines(derive_one_example())[0]
    'u_next = u*(u - v + w + 1)**2'
    """
    uvw = D.uvw_map.next_state
    res = D.residual_map.next_state
    names = ("u_next", "v_next", "w_next", "r_next", "lam_next")
    return [f"{n} = {sp.sstr(e)}" for n, e in zip(names, (*uvw, *res))]
