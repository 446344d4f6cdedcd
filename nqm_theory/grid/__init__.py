"""Phase-diagram sweeps of the one-example map over eta*lam0 x width (docs/theory.md §4)."""
from .phase import DEFAULTS, UNITS, PhaseDiagram, load_phase_diagram, phase_diagram
from .states import initial_states, linear_axis, log_axis

__all__ = ["phase_diagram", "PhaseDiagram", "load_phase_diagram", "initial_states",
           "linear_axis", "log_axis", "UNITS", "DEFAULTS"]
