"""Parameter-space simulator: the two-layer ReLU network, its linearisation and NQM, general
quadratic models, and one shared full-batch GD loop (docs/theory.md §1-3, §5, §6).

float64 by default; object arrays of ``fractions.Fraction`` give exact rational arithmetic.
"""
from .gd import FlatModel, GDHistory, descend, gradient_descent
from .network import KINDS, BoundNetwork, TwoLayerReLU
from .quadratic import QuadraticModel, uv_model, uv_sigma

__all__ = ["KINDS", "TwoLayerReLU", "BoundNetwork", "GDHistory", "FlatModel", "descend",
           "gradient_descent", "QuadraticModel", "uv_model", "uv_sigma"]
