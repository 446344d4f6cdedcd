"""Width-scaling measurements of the catapult (docs/theory.md §4, §9.7).

:func:`peak_scaling` (peak loss vs m with fits of m delta^2 vs m delta^2/log m, steps to the
peak, final kernel) and :func:`window_edges` (measured edges of the catapult window vs
Theta(log m/sqrt m)).
"""
from .edges import DEFAULT_LABELS, WindowEdges, window_edges
from .peak import DEFAULT_DELTAS, LawFit, PeakScaling, peak_scaling, run_grid

__all__ = ["peak_scaling", "PeakScaling", "LawFit", "run_grid", "DEFAULT_DELTAS",
           "window_edges", "WindowEdges", "DEFAULT_LABELS"]
