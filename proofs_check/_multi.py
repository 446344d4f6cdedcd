"""Shared access to the several-examples derivation of :mod:`nqm_theory.multi` (cached there)."""
from __future__ import annotations

from nqm_theory.multi import derive_several_examples

SHAPE = (("+", "+", "-", "0", "-"), ("+", "-", "+"))
WHERE = ("SymPy, one explicit symbolic GD step on the d = 1 NQM with inputs of signs "
         "(+, +, -, 0, -) and width 3 (U0 signs +, -, +), "
         "nqm_theory.multi.derive_several_examples")


def checks() -> dict:
    return derive_several_examples(*SHAPE).checks


def derivation():
    return derive_several_examples(*SHAPE)
