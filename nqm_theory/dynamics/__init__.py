"""Dynamics of the (u, v, w) map: fixed points, FTLE, periodic orbits, orbit diagrams."""
from .fixed_points import FixedPointFamily, fixed_points
from .lyapunov import FTLE, find_period, ftle
from .orbits import OrbitDiagram, Uncertainty, orbit_diagram, uncertainty

__all__ = ["fixed_points", "FixedPointFamily", "ftle", "FTLE", "find_period",
           "orbit_diagram", "OrbitDiagram", "uncertainty", "Uncertainty"]
