"""docs/theory.md §5 Proposition 7: rank K <= 2, eigenvectors p1 = x o m+, p2 = x o m-."""
from __future__ import annotations

from ._core import verdict
from ._multi import WHERE, checks

NAME = "prop7"
LOC = "docs/theory.md §5 Proposition 7"


def check():
    ch = checks()
    return [
        verdict(ch["prop7_kernel"], NAME, "kernel at a generic point",
                "K = lambda1 p1 p1^T/|p1|^2 + lambda2 p2 p2^T/|p2|^2, K_ij = (1/m) sum_k "
                "(u_k^2 + v_k^2) x_i x_j 1{u0_k x_i >= 0} 1{u0_k x_j >= 0}, hence rank K <= 2",
                WHERE + ": K - a+ p1 p1^T - a- p2 p2^T == 0 with a+- = (1/m) sum_{U0 >< 0} "
                "(U^2 + V^2); eigenvalues lambda_i = a_i |p_i|^2", LOC),
        verdict(ch["prop7_kernel_next"] and ch["span"] and ch["span_next"], NAME,
                "preserved by GD", "the structure holds for every (u, v), in particular along GD",
                WHERE + ": after one GD step K and g keep the form (g in span{p1, p2})", LOC),
    ]
