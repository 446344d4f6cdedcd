"""nqm_theory: exact analysis of gradient descent on Neural Quadratic Models.

Reference: L. Zhu, C. Liu, A. Radhakrishnan, M. Belkin, *Quadratic models for
understanding catapult dynamics of neural networks*, ICLR 2024 (arXiv:2205.11787);
numbering as in the restatement PAPER.md.

Public API (names are imported lazily, so ``import nqm_theory`` stays fast):

Symbolic layer
    derive_one_example, Derivation, UpdateMap
Numeric core
    OneExample, iterate, iterate_many, BatchRun, Tolerances, Regime, MapRun, Trajectory
Parameter space
    TwoLayerReLU, gradient_descent, GDHistory, QuadraticModel, uv_model
Errors
    NQMValueError
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "derive_one_example": "nqm_theory.symbolic.derive",
    "Derivation": "nqm_theory.symbolic.derive",
    "UpdateMap": "nqm_theory.symbolic.derive",
    "OneExample": "nqm_theory.models",
    "iterate": "nqm_theory.core.iterate",
    "iterate_many": "nqm_theory.core.batch",
    "BatchRun": "nqm_theory.core.batch",
    "Tolerances": "nqm_theory.results",
    "Regime": "nqm_theory.results",
    "MapRun": "nqm_theory.results",
    "Trajectory": "nqm_theory.results",
    "TwoLayerReLU": "nqm_theory.params.network",
    "gradient_descent": "nqm_theory.params.gd",
    "GDHistory": "nqm_theory.params.gd",
    "QuadraticModel": "nqm_theory.params.quadratic",
    "uv_model": "nqm_theory.params.quadratic",
    "NQMValueError": "nqm_theory._validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nqm_theory' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
