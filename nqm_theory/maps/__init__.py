"""The engine: any map ``x(t+1) = F(x(t); p)`` given in SymPy, compiled once, run anywhere.

``compile_map(state, params, update, name=...)`` checks the map (SymPy symbols and
expressions built in Python, never strings; every free symbol declared; polynomial or
rational in the state) and returns a frozen :class:`CompiledMap` that holds the
symbolic map and its numeric forms.  The same object serves every algorithm:

* ``cmap.orbit(x0, params, steps=T, precision=P)`` -> :class:`Orbit`, ``states`` of shape
  (T + 1, n), in ``"float64"``, ``"mpN"``, ``"exact"`` (FLINT rationals) or ``"ballN"``
  (Arb balls with rigorous ``lower``/``upper`` bounds);
* ``cmap.iterate_many(x0, params, steps=T)`` -> :class:`BatchOrbit`: arrays of states and
  parameters in parallel float64 (numba);
* :func:`fixed_points` (symbolic, with Jacobians), :func:`ftle` (Lyapunov exponents);
* ``cmap.source("python" | "c" | "javascript")``.

The NQM maps of the paper are CompiledMaps made by the symbolic layer
(:func:`nqm_theory.symbolic.maps.one_example_map`); the NQM tools (``iterate``,
``iterate_many``, ``phase_diagram``, the dynamics tools, ``Claim.check``) take one as
``map=``.  Examples of maps from the literature: :mod:`nqm_theory.maps.examples`.
"""
from __future__ import annotations

from .analysis import FixedPoint, FTLEResult, fixed_points, ftle
from .batch import BatchOrbit
from .compiled import CompiledMap, compile_map
from .numbers import Precision, parse_precision
from .orbit import EXACT_MAX_BITS, Orbit, OrbitOutcome
from .spec import MapError

__all__ = ["compile_map", "CompiledMap", "Orbit", "OrbitOutcome", "BatchOrbit", "MapError",
           "fixed_points", "FixedPoint", "ftle", "FTLEResult", "Precision", "parse_precision",
           "EXACT_MAX_BITS"]
