"""nqm_theory: exact analysis of gradient descent on Neural Quadratic Models.

Reference: L. Zhu, C. Liu, A. Radhakrishnan, M. Belkin, *Quadratic models for
understanding catapult dynamics of neural networks*, ICLR 2024 (arXiv:2205.11787);
numbering as in the restatement docs/theory.md.

Public API (names are imported lazily, so ``import nqm_theory`` stays fast):

Symbolic layer
    derive_one_example, Derivation, UpdateMap
Numeric core
    OneExample, iterate, iterate_many, BatchRun, Tolerances, Regime, MapRun, Trajectory
Parameter space
    TwoLayerReLU, gradient_descent, GDHistory, QuadraticModel, uv_model
Several examples (docs/theory.md §5-6)
    SeveralExamples, iterate_several, SeveralRun, derive_several_examples,
    compare_with_paper, derive_general_dynamics, derive_prop10, eigen_projection,
    theorem3_check
Phase diagrams and dynamics of the map
    phase_diagram, PhaseDiagram, load_phase_diagram, fixed_points, ftle, find_period,
    orbit_diagram, uncertainty
Claims of the paper and scaling
    verify, CLAIMS, get_claim, Claim, Verdict, peak_scaling, window_edges
Experiments and report
    EXPERIMENTS, run_experiment, write_report, ReportConfig
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
    "write_report": "nqm_theory.report",
    "ReportConfig": "nqm_theory.report",
}
_EXPORTS.update({n: "nqm_theory.multi" for n in (
    "SeveralExamples", "iterate_several", "SeveralRun", "derive_several_examples",
    "compare_with_paper", "derive_general_dynamics", "derive_prop10", "eigen_projection",
    "theorem3_check")})
_EXPORTS.update({n: "nqm_theory.grid" for n in ("phase_diagram", "PhaseDiagram",
                                                "load_phase_diagram")})
_EXPORTS.update({n: "nqm_theory.dynamics" for n in ("fixed_points", "ftle", "find_period",
                                                    "orbit_diagram", "uncertainty")})
_EXPORTS.update({n: "nqm_theory.theorems" for n in ("verify", "CLAIMS", "get_claim", "Claim",
                                                    "Verdict")})
_EXPORTS.update({n: "nqm_theory.scaling" for n in ("peak_scaling", "window_edges")})
_EXPORTS.update({n: "nqm_theory.experiments" for n in ("EXPERIMENTS", "run_experiment")})

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nqm_theory' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
