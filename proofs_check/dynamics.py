"""docs/theory.md §3: the one-example update equations for (r, lambda), printed vs derived."""
from __future__ import annotations

import sympy as sp

from nqm_theory.symbolic.derive import derive_one_example
from nqm_theory.symbolic.symbols import c, eta, g, lam, r

from ._core import StepResult, passed

NAME = "dynamics"
LOC = "docs/theory.md §3, update equations for r(t+1) and lambda(t+1)"

#: The equations as printed in docs/theory.md §3 (typed in; the derivation is independent).
PAPER = {
    "r(t+1)": (1 - eta * lam + c * eta**2 * r * g) * r,
    "lambda(t+1)": lam - eta * c * r**2 * (4 * g / r - eta * lam),
}


def compare(name, printed, derived):
    """PASS if printed == derived exactly, else ERRATUM with the difference."""
    diff = sp.simplify(sp.expand(printed - derived))
    claim = f"{name} = {sp.sstr(printed)}"
    if diff == 0:
        return passed(NAME, name, claim, "SymPy: printed - derived simplifies to 0; derived "
                      "map is exact for the NQM (see nqm_derivation)", LOC)
    return StepResult(NAME, name, "ERRATUM", claim, f"{name} = {sp.sstr(derived)}",
                      f"printed - derived = {sp.sstr(diff)} (SymPy)", LOC)


def check():
    D = derive_one_example()
    r_next, lam_next = D.residual_map.next_state
    out = [compare("r(t+1)", PAPER["r(t+1)"], r_next),
           compare("lambda(t+1)", PAPER["lambda(t+1)"], lam_next)]
    return out
