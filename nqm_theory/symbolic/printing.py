"""Render a :class:`~nqm_theory.symbolic.derive.Derivation` for teaching and for tools.

Three formats (the ``nqm-theory derive --format`` choices):

* ``text``: numbered steps, prose, 2-D ASCII equations and how each step was verified;
* ``latex``: a LaTeX document body for notes and slides.  It compiles with ``pdflatex``
  inside ``\\documentclass{article}\\usepackage{amsmath}``: words in text mode, every
  formula in math mode (``$...$`` or ``align*``), the NQM itself shown first;
* ``sympy``: one line per map, ``name = <expr>``, each parseable by ``sympy.parse_expr``
  with the symbols u, v, w, r, lam, g, y, eta, c (docs/theory.md §3).
"""
from __future__ import annotations

import sympy as sp

__all__ = ["derivation_text", "derivation_latex", "derivation_sympy_lines"]


#: LaTeX names of the placeholder symbols used in the derivation steps.
LATEX_NAMES = {"theta": r"\theta", "theta'": r"\theta'", "M_1": "M_1", "M_2": "M_2",
               "xnorm2": r"\lVert x\rVert^2", "lam": r"\lambda", "eta": r"\eta",
               "P_g(H)": "P_g(H)", "P_lam(H)": r"P_\lambda(H)",
               "g_next": "g(t+1)", "r_next": "r(t+1)", "lam_next": r"\lambda(t+1)",
               "u_next": "u(t+1)", "v_next": "v(t+1)", "w_next": "w(t+1)"}

#: Title of both renderings.
TITLE = "Derivation of the one-example GD dynamics of the ReLU NQM"


def _latex(expr) -> str:
    names = {s: LATEX_NAMES[s.name] for s in expr.free_symbols if s.name in LATEX_NAMES}
    return sp.latex(expr, symbol_names=names)


def _eq_text(eq) -> str:
    return sp.pretty(eq, use_unicode=False, wrap_line=False)


def derivation_text(D) -> str:
    """Plain-text, step-by-step derivation.

    Parameters
    ----------
    D : Derivation
        The result of :func:`~nqm_theory.symbolic.derive.derive_one_example`.

    Returns
    -------
    str
        Numbered steps (prose, displayed formulas, 2-D ASCII equations, how each step was
        verified) and the resulting maps.

    Examples
    --------
    >>> from nqm_theory.symbolic.derive import derive_one_example
    >>> print(derivation_text(derive_one_example()).splitlines()[0])
    Derivation of the one-example GD dynamics of the ReLU NQM (docs/theory.md §3)
    """
    out = [f"{TITLE} (docs/theory.md §3)", ""]
    for i, st in enumerate(D.steps, 1):
        out.append(f"Step {i}. {st.title}")
        out.append(f"  {st.text}")
        out.extend(f"    {plain}" for plain, _ in st.formulas)
        for eq in st.equations:
            out.extend("    " + line for line in _eq_text(eq).splitlines())
        if st.verified:
            out.append(f"  [verified: {st.verified}]")
        out.append("")
    out.append("Result (exact, every width m):")
    out.extend("  " + line for line in derivation_sympy_lines(D))
    return "\n".join(out) + "\n"


def _align(rows) -> list:
    return ["\\begin{align*}", " \\\\\n".join(f"  {row}" for row in rows), "\\end{align*}"]


def derivation_latex(D) -> str:
    r"""LaTeX document body: one ``\paragraph`` of prose and one ``align*`` block per step.

    Parameters
    ----------
    D : Derivation
        The result of :func:`~nqm_theory.symbolic.derive.derive_one_example`.

    Returns
    -------
    str
        A body for ``\documentclass{article}\usepackage{amsmath}`` (tested with
        ``pdflatex``): a section title, the NQM (its Taylor form and its ReLU form), every
        derivation step with how it was verified, and the resulting (u, v, w) map.

    Examples
    --------
    >>> from nqm_theory.symbolic.derive import derive_one_example
    >>> derivation_latex(derive_one_example()).splitlines()[0]
    '\\section*{Derivation of the one-example GD dynamics of the ReLU NQM}'
    """
    out = [f"\\section*{{{TITLE}}}",
           r"The derivation follows Section 3 of \texttt{docs/theory.md}; every step is checked "
           r"by SymPy as stated after it."]
    for i, st in enumerate(D.steps, 1):
        out += ["", f"\\paragraph{{Step {i}: {st.title}.}} {st.latex}"]
        rows = [tex for _, tex in st.formulas]
        rows += [f"{_latex(eq.lhs)} &= {_latex(eq.rhs)}" for eq in st.equations]
        if rows:
            out += _align(rows)
        if st.latex_verified:
            out.append(f"\\emph{{Verified: {st.latex_verified}.}}")
    uvw = D.uvw_map
    out += ["", r"\paragraph{Result.} The one-example map, exact for every width $m$:"]
    out += _align(f"{LATEX_NAMES[n]} &= {_latex(e)}"
                  for n, e in zip(("u_next", "v_next", "w_next"), uvw.next_state))
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
