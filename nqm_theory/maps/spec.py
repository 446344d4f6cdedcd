"""Validation of a symbolic map ``x(t+1) = F(x(t); p)`` before it is compiled.

:func:`check_map` is the construction-time check of :func:`nqm_theory.maps.compile_map`:
the state and the parameters are distinct SymPy symbols, every update is a SymPy
expression built in Python (never a string), every free symbol is declared, and every
update is a polynomial or a rational function of the state whose coefficients may be any
finite expression of the parameters (``sqrt(m)``, ``exp(a)``, ...).  It also records what
the engine needs to know about the map: the total degree in the state (which sets how fast
exact iterates grow) and whether it can run in exact rational arithmetic.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .._validate import NQMValueError

__all__ = ["MapError", "MapSpec", "check_map", "ARB_FUNCTIONS"]

#: Functions of the parameters that every backend (float64, numba, mpmath, arb balls,
#: JavaScript) can evaluate.  Anything else makes the map refuse to compile.
ARB_FUNCTIONS = {sp.sqrt: "sqrt", sp.exp: "exp", sp.log: "log", sp.sin: "sin",
                 sp.cos: "cos", sp.tan: "tan", sp.tanh: "tanh", sp.atan: "atan",
                 sp.erf: "erf", sp.Abs: "fabs"}


class MapError(NQMValueError):
    """A map that cannot be compiled: the message names the argument and the reason."""


@dataclass(frozen=True)
class MapSpec:
    """A checked map: symbols, updates, and facts the engine uses.

    Attributes
    ----------
    state, params : tuple of sympy.Symbol
    update : tuple of sympy.Expr
        ``update[i]`` is the next value of ``state[i]``.
    degree : int
        Largest total degree in the state of the numerators and denominators of the
        updates (1 for an affine map).  Exact iterates grow by about this factor in bit
        size per step.
    rational : bool
        True when the updates are rational functions with rational coefficients of the
        state *and* the parameters (no ``sqrt``, ``exp``, floats, ...): the map can then
        run in exact rational arithmetic.
    polynomial : bool
        True when no update has a denominator depending on the state.
    """

    state: tuple
    params: tuple
    update: tuple
    degree: int
    rational: bool
    polynomial: bool


def _symbols(name, seq) -> tuple:
    if isinstance(seq, (str, bytes)) or not hasattr(seq, "__iter__"):
        raise MapError(f"`{name}` must be a sequence of sympy Symbols, got {seq!r}")
    out = tuple(seq)
    for s in out:
        if not isinstance(s, sp.Symbol):
            raise MapError(f"`{name}` must hold sympy Symbols (built in Python, never "
                           f"strings), got {s!r} of type {type(s).__name__}")
    return out


def _expr(i, e, state):
    if isinstance(e, (str, bytes)):
        raise MapError(f"`update[{i}]` must be a sympy expression built in Python; strings "
                       "are never parsed")
    if isinstance(e, (int, float)) and not isinstance(e, bool):
        e = sp.sympify(e)  # a bare Python number (e.g. a constant update); not a string
    if not isinstance(e, sp.Expr):
        raise MapError(f"`update[{i}]` must be a sympy expression, got {type(e).__name__}")
    if e.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise MapError(f"`update[{i}]` is not finite: {e}")
    if not e.is_rational_function(*state):
        raise MapError(f"`update[{i}]` must be a polynomial or rational function of the state "
                       f"{tuple(state)}, got {e}")
    return e


def _param_functions_ok(i, e, state):
    for f in e.atoms(sp.Function):
        if f.func not in ARB_FUNCTIONS:
            raise MapError(f"`update[{i}]` uses {f.func}, which the engine cannot evaluate in "
                           f"every precision; allowed: {', '.join(sorted(ARB_FUNCTIONS.values()))}")
        if f.has(*state):
            raise MapError(f"`update[{i}]`: {f} depends on the state; functions may only "
                           "act on parameters (the map must be rational in the state)")
    for p in e.atoms(sp.Pow):
        if p.base.has(*state) and not p.exp.is_Integer:
            raise MapError(f"`update[{i}]`: {p} is not rational in the state")


def check_map(state, params, update) -> MapSpec:
    """Check a map and return its :class:`MapSpec`; raise :class:`MapError` otherwise.

    Examples
    --------
    >>> x, r = sp.symbols("x r")
    >>> check_map((x,), (r,), (r * x * (1 - x),)).degree
    2
    >>> check_map((x,), (), ("x**2",))
    Traceback (most recent call last):
    ...
    nqm_theory.maps.spec.MapError: `update[0]` must be a sympy expression built in Python; strings are never parsed
    """
    state = _symbols("state", state)
    params = _symbols("params", params)
    if not state:
        raise MapError("`state` must hold at least one symbol")
    names = [s.name for s in state + params]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise MapError(f"`state` and `params` must have distinct names; repeated: {dup}")
    if isinstance(update, (str, bytes)) or not hasattr(update, "__iter__"):
        raise MapError(f"`update` must be a sequence of sympy expressions, got {update!r}")
    update = tuple(update)
    if len(update) != len(state):
        raise MapError(f"`update` must have one expression per state symbol "
                       f"({len(state)}), got {len(update)}")
    update = tuple(_expr(i, e, state) for i, e in enumerate(update))
    declared = set(state) | set(params)
    for i, e in enumerate(update):
        extra = e.free_symbols - declared
        if extra:
            raise MapError(f"`update[{i}]` uses undeclared symbol(s) "
                           f"{sorted(map(str, extra))}; declare them in `state` or `params`")
        _param_functions_ok(i, e, state)
    degree, rational, polynomial = 1, True, True
    for e in update:
        num, den = sp.fraction(sp.together(e))
        for part in (num, den):
            poly = sp.Poly(sp.expand(part), *state)
            degree = max(degree, poly.total_degree())
            rational &= all(c.is_rational_function(*params) and not c.has(sp.Float)
                            and not c.atoms(sp.Function) and _rational_coeffs(c, params)
                            for c in poly.coeffs())
        polynomial &= not den.has(*state)
    return MapSpec(state, params, update, degree, bool(rational), bool(polynomial))


def _rational_coeffs(c, params) -> bool:
    """A coefficient is a rational function of the parameters with rational numbers only."""
    n, d = sp.fraction(sp.together(c))
    return all(k.is_Rational for part in (n, d)
               for k in sp.Poly(sp.expand(part), *params).coeffs()) if params else c.is_Rational
