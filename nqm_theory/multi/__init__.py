"""Several examples and general quadratic models (docs/theory.md §5-6).

Public functions: :func:`derive_several_examples` (symbolic d = 1 reduction, Props. 7, 9),
:class:`SeveralExamples` / :func:`iterate_several` (the reduced system through the numeric
core), :func:`compare_with_paper` (printed §5 variables vs. exact),
:func:`derive_general_dynamics`, :func:`derive_prop10` (§6), :func:`eigen_projection`,
:func:`step_equation_errors`, :func:`relu_nqm_as_quadratic`, :func:`theorem3_check`.
"""
from __future__ import annotations

from .eigen import eigen_projection, relu_nqm_as_quadratic, step_equation_errors
from .general import derive_general_dynamics, derive_prop10
from .paper import compare_with_paper
from .reduction import SeveralExamples, SeveralRun, iterate_several
from .symbolic import derive_several_examples
from .theorem3 import theorem3_check

__all__ = ["derive_several_examples", "SeveralExamples", "SeveralRun", "iterate_several",
           "compare_with_paper", "derive_general_dynamics", "derive_prop10",
           "eigen_projection", "relu_nqm_as_quadratic", "step_equation_errors",
           "theorem3_check"]
