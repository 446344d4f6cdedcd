"""Exact symbolic checks of the several-example reduction (docs/theory.md §5, Props. 7, 9)."""
import sympy as sp

from nqm_theory.multi.symbolic import (
    R,
    Y,
    derive_several_examples,
    reduced_residual_map,
)
from nqm_theory.symbolic.symbols import eta, lam


def test_default_derivation_all_checks():
    D = derive_several_examples()   # inputs +, +, -, 0, - ; neurons +, -, +
    for key in ("span", "prop7_kernel", "span_next", "prop7_kernel_next",
                "prop9_orthogonal_frozen", "residual_map_exact", "eigenvalue_map_exact",
                "uvw_exact", "paper_matrix_eqs"):
        assert D.checks[key] is True, key
    assert D.checks["paper_w_obeys_map"] is False
    assert D.checks["normalised_p_matrix_eqs"] is False
    assert D.paper_w_defect != 0


def test_reduced_map_is_one_example_map_with_c_1_over_m():
    Rn, Ln = reduced_residual_map(sp.Integer(7))
    assert sp.expand(Rn - (1 - eta * lam + eta**2 / 7 * R * (R + Y)) * R) == 0
    assert sp.expand(Ln - (lam - 4 * eta / 7 * R * (R + Y) + eta**2 / 7 * R**2 * lam)) == 0


def test_changed_coefficient_is_rejected():
    signs = (("+", "-", "+"), ("+", "-"))
    Rn, Ln = reduced_residual_map(sp.Integer(2))
    bad_r = derive_several_examples(*signs, reduced_map=(Rn + eta**2 * R**3 / 100, Ln))
    bad_l = derive_several_examples(*signs, reduced_map=(Rn, Ln + eta * R**2 / 100))
    assert bad_r.checks["residual_map_exact"] is False
    assert bad_l.checks["eigenvalue_map_exact"] is False
    assert derive_several_examples(*signs).checks["residual_map_exact"] is True
