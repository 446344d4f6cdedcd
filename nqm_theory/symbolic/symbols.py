"""The paper's symbols, created once so every module shares the same SymPy objects.

Names follow docs/theory.md §3: ``r = g - y`` (residual), ``lam`` (the scalar tangent kernel
lambda), ``g`` (NQM output), ``y`` (label), ``eta`` (learning rate), ``c = |x|^2/(m d)``,
and the rescaled state ``u = c eta^2 r^2``, ``v = eta lam``, ``w = c eta^2 r y``.
``H`` is the (commuting) symbol standing for the parameter Hessian of the NQM when it
acts on vectors of the Krylov space span{theta, H theta, H^2 theta, ...}.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["u", "v", "w", "r", "lam", "g", "y", "eta", "c", "H", "m", "d", "x2d",
           "PARSE_SYMBOLS"]

u, v, w = sp.symbols("u v w", real=True)
r, g, y = sp.symbols("r g y", real=True)
lam, eta, c = sp.symbols("lam eta c", positive=True)
H = sp.Symbol("H")
m, d = sp.symbols("m d", positive=True, integer=True)
x2d = sp.Symbol("x2d", positive=True)  # |x|^2 / d, so that c = x2d / m

#: Plain (assumption-free) symbols with the same names, for ``sympy.parse_expr`` round trips.
PARSE_SYMBOLS = {s.name: sp.Symbol(s.name) for s in (u, v, w, r, lam, g, y, eta, c)}
