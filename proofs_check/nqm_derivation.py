"""docs/theory.md §2: the NQM of the two-layer ReLU network and its structural identities.

Reuses :mod:`nqm_theory.symbolic.relu_nqm` (S0-S3) and the independent neuron-level
route :mod:`nqm_theory.symbolic.crosscheck`; nothing is re-derived here.
"""
from __future__ import annotations

from nqm_theory.symbolic.crosscheck import crosscheck_residual_map
from nqm_theory.symbolic.derive import CHECKED_SHAPES
from nqm_theory.symbolic.relu_nqm import check_structural_identities

from ._core import verdict

NAME = "nqm_derivation"
LOC = "docs/theory.md §2"
CLAIMS = {
    "S0": "the NQM equals the printed four-term formula (Taylor expansion to order 2, relu''=0)",
    "S1": "the ReLU NQM is a quadratic form g = 1/2 theta^T H theta (homogeneity of relu)",
    "S2": "the NQM Hessian satisfies H^3 = c H, c = |x|^2/(m d)",
    "S3": "only the blocks d2f/(du_i dv_i) are nonzero (H block diagonal over neurons)",
}
CROSS_SHAPES = ((2, 1), (1, 2), (3, 1))


def check():
    out = []
    checks = {s: check_structural_identities(*s) for s in CHECKED_SHAPES}
    for key, claim in CLAIMS.items():
        ok = all(res[key] for res in checks.values())
        shapes = ", ".join(f"(m,d)={s}" for s in CHECKED_SHAPES)
        out.append(verdict(ok, NAME, f"{key}", claim,
                           f"SymPy, exact, every activation pattern, {shapes} "
                           "(nqm_theory.symbolic.relu_nqm.check_structural_identities)", LOC))
    ok = all(crosscheck_residual_map(*s) for s in CROSS_SHAPES)
    out.append(verdict(ok, NAME, "GD step of the NQM = derived (r, lambda) map",
                       "one explicit GD step on the symbolic NQM equals the map of §3",
                       "SymPy, explicit neuron-level GD, every pattern, (m,d) in "
                       f"{CROSS_SHAPES} (nqm_theory.symbolic.crosscheck)", LOC))
    return out
