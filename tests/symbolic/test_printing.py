"""Printing formats of the derivation, incl. the `derive --format sympy` contract."""
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.printing import derivation_sympy_lines
from nqm_theory.symbolic.symbols import PARSE_SYMBOLS

D = derive_one_example()


def test_sympy_lines_parse_back_to_the_maps():
    lines = derivation_sympy_lines(D)
    names = [ln.split(" = ")[0] for ln in lines]
    assert names == ["u_next", "v_next", "w_next", "r_next", "lam_next"]
    plain = {s: PARSE_SYMBOLS[s.name] for e in (*D.uvw_map.next_state, *D.residual_map.next_state)
             for s in e.free_symbols}
    for line, expr in zip(lines, (*D.uvw_map.next_state, *D.residual_map.next_state)):
        parsed = parse_expr(line.split(" = ", 1)[1], local_dict=PARSE_SYMBOLS)
        assert sp.expand(parsed - expr.xreplace(plain)) == 0


def test_text_lists_every_step_and_result():
    text = D.to_text()
    for i, step in enumerate(D.steps, 1):
        assert f"Step {i}. {step.title}" in text
    assert "u_next = u*(u - v + w + 1)**2" in text


def test_latex_has_one_block_per_step_with_equations():
    tex = D.to_latex()
    assert tex.count("\\paragraph{Step") == len(D.steps)
    # one align* per step that displays something, plus the closing result block
    assert tex.count("\\begin{align*}") == sum(1 for s in D.steps
                                                if s.equations or s.formulas) + 1
    assert "\\lambda(t+1)" in tex
    assert all(st.latex for st in D.steps), "every step needs its LaTeX prose"
