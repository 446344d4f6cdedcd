"""``compile_map(state, params, update) -> CompiledMap``: a symbolic map and its numeric forms.

A :class:`CompiledMap` is an immutable object holding the SymPy map it came from and,
built on demand and cached on the object, its numeric forms:

* a Python ``step(x, p)`` per number system (float64, mpN, exact, ballN);
* the numba-compiled step and the loops of :mod:`nqm_theory.maps.loops` around it;
* source text in Python, C and JavaScript (:meth:`CompiledMap.source`).

Algorithms take the map as an argument (``cmap.orbit``, ``cmap.iterate_many``,
:func:`nqm_theory.maps.fixed_points`, :func:`nqm_theory.maps.ftle`, and the NQM layers:
``iterate(problem, map=...)``, ``phase_diagram(..., map=...)``, ``Claim.check(map=...)``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from .spec import MapError, check_map

__all__ = ["CompiledMap", "compile_map"]


@dataclass(frozen=True, eq=False)
class CompiledMap:
    """A map ``x(t+1) = F(x(t); p)`` with its numeric forms (see :func:`compile_map`).

    Attributes
    ----------
    name : str
    state, params : tuple of sympy.Symbol
    update : tuple of sympy.Expr
        ``update[i]`` is the next value of ``state[i]``.
    degree : int
        Total degree in the state (growth factor of the size of exact iterates).
    rational, polynomial : bool
        Rational coefficients only (runs in exact arithmetic); no state denominators.
    coeff_bits : int
        Bits of the largest numerator/denominator among the rational coefficients.
    text : str
        The generated Python module (``step`` and ``jacobian``); ``digest`` its SHA-256.
    """

    name: str
    state: tuple
    params: tuple
    update: tuple
    degree: int
    rational: bool
    polynomial: bool
    coeff_bits: int
    text: str = field(repr=False)
    digest: str = field(repr=False)

    @property
    def n(self) -> int:
        """Dimension of the state."""
        return len(self.state)

    def as_dict(self) -> dict:
        """``{state symbol: update expression}``."""
        return dict(zip(self.state, self.update))

    def jacobian(self):
        """Symbolic Jacobian ``dF/dx`` (a SymPy Matrix)."""
        import sympy as sp
        return sp.Matrix(self.update).jacobian(sp.Matrix(self.state))

    def source(self, language: str = "python") -> str:
        """The map printed as ``"python"`` (the executed module), ``"c"`` or ``"javascript"``."""
        from .codegen import LANGUAGES, c_function, javascript_function
        from .._validate import check_choice
        check_choice("language", language, LANGUAGES)
        if language == "python":
            return self.text
        return (c_function if language == "c" else javascript_function)(self._spec, self.name)

    @cached_property
    def _spec(self):
        from .spec import MapSpec
        return MapSpec(self.state, self.params, self.update, self.degree, self.rational,
                       self.polynomial)

    def step_function(self, precision="float64"):
        """Python ``step(x, p) -> tuple`` evaluating the map in ``precision``'s numbers.

        Inputs must already be numbers of that system (see
        :meth:`nqm_theory.maps.numbers.Precision.convert`); mpN / ballN need their
        working precision set (``Precision.context()``).
        """
        return self._module(precision).step

    def jacobian_function(self, precision="float64"):
        """Python ``jacobian(x, p) -> tuple`` of the row-major entries of dF/dx."""
        return self._module(precision).jacobian

    def _module(self, precision):
        from .cache import load_module
        from .numbers import parse_precision
        prec = parse_precision(precision)
        if prec.kind == "exact" and not self.rational:
            raise MapError(f"map {self.name!r} has irrational or floating-point "
                           "coefficients: precision 'exact' is not available")
        return load_module(self.text, prec.kind, prec.namespace())

    def kernels(self) -> dict:
        """numba-compiled float64 loops (``orbit``, ``batch``, ``run_cell``, ``run_cells``)."""
        from .jit import jit_kernels
        return jit_kernels(self.text, self.digest, self.n)

    def numba_step(self):
        """The numba-compiled ``step(x, p)`` (float64 tuples in and out)."""
        from .jit import jit_step
        return jit_step(self.text, self.digest)[0]

    def orbit(self, x0, params=(), *, steps: int, precision: str = "float64"):
        """The orbit ``x(0), ..., x(steps)`` from ``x0`` (see :func:`nqm_theory.maps.orbit`)."""
        from .orbit import orbit
        return orbit(self, x0, params, steps=steps, precision=precision)

    def iterate_many(self, x0, params=(), *, steps: int, record: bool = False):
        """Batched float64 orbits of arrays of states and parameters (numba, parallel)."""
        from .batch import iterate_many
        return iterate_many(self, x0, params, steps=steps, record=record)

    def param_values(self, params) -> tuple:
        """``params`` (a sequence in ``self.params`` order, or a dict by symbol or name)."""
        if isinstance(params, dict):
            by_name = {(k.name if hasattr(k, "name") else str(k)): v for k, v in params.items()}
            missing = [p.name for p in self.params if p.name not in by_name]
            extra = sorted(set(by_name) - {p.name for p in self.params})
            if missing or extra:
                raise MapError(f"`params` must give exactly {[p.name for p in self.params]}; "
                               f"missing {missing}, unknown {extra}")
            return tuple(by_name[p.name] for p in self.params)
        if isinstance(params, (str, bytes)) or not hasattr(params, "__len__"):
            raise MapError(f"`params` must be a sequence or a dict, got {params!r}")
        if len(params) != len(self.params):
            raise MapError(f"`params` must have {len(self.params)} value(s) "
                           f"{[p.name for p in self.params]}, got {len(params)}")
        return tuple(params)


def _coeff_bits(update, state) -> int:
    import sympy as sp
    bits = 1
    for e in update:
        for q in sp.together(e).atoms(sp.Rational):
            bits = max(bits, int(abs(q.p)).bit_length(), int(q.q).bit_length())
    return bits


def _trial(cmap: CompiledMap) -> None:
    """Call the float step once (several points if the first hits a pole): clear errors."""
    step = cmap.step_function("float64")
    err = None
    for k in range(4):
        x = tuple(0.3 + 0.1 * i + 0.37 * k for i in range(cmap.n))
        p = tuple(0.7 + 0.1 * j + 0.29 * k for j in range(len(cmap.params)))
        try:
            out = step(x, p)
        except ZeroDivisionError as exc:
            err = exc
            continue
        except Exception as exc:  # noqa: BLE001 - reported as the map's error
            raise MapError(f"map {cmap.name!r} cannot be evaluated: "
                           f"{type(exc).__name__}: {exc}") from None
        if len(out) != cmap.n:
            raise MapError(f"map {cmap.name!r} returned {len(out)} values for {cmap.n} states")
        return
    raise MapError(f"map {cmap.name!r} divides by zero at every trial point ({err})")


def compile_map(state, params, update, *, name: str | None = None,
                jit: bool = True) -> CompiledMap:
    """Check and compile a map ``x(t+1) = F(x(t); p)`` given as SymPy objects.

    Parameters
    ----------
    state : sequence of sympy.Symbol
        The state variables, e.g. the paper's ``(u, v, w)`` (docs/theory.md §3).
    params : sequence of sympy.Symbol
        Parameters (constant along an orbit); may be empty.
    update : sequence of sympy.Expr
        The next value of each state variable: polynomials or rational functions of the
        state, with coefficients that may be any finite expression of the parameters
        (sqrt, exp, log, sin, cos, tan, tanh, atan, erf, Abs).  Never strings.
    name : str, optional
        A label for messages and generated code.
    jit : bool, default True
        Also compile the numba float64 step now and call it once, so that a map numba
        cannot compile fails here with a clear error.  With False that happens at the
        first batched float64 run.

    Returns
    -------
    CompiledMap

    Raises
    ------
    MapError
        (a ``ValueError``) naming the bad argument.

    Examples
    --------
    The logistic map x -> r x (1 - x):

    >>> import sympy as sp
    >>> x, r = sp.symbols("x r")
    >>> logistic = compile_map([x], [r], [r * x * (1 - x)], name="logistic", jit=False)
    >>> orb = logistic.orbit([sp.Rational(1, 3)], [4], steps=2, precision="exact")
    >>> [str(s) for s in orb.states[:, 0]]
    ['1/3', '8/9', '32/81']
    """
    from .codegen import python_module
    from .cache import source_digest
    spec = check_map(state, params, update)
    label = name if name is not None else "map " + ", ".join(
        f"{s} -> {e}" for s, e in zip(spec.state, spec.update))
    if not isinstance(label, str):
        raise MapError(f"`name` must be a string, got {name!r}")
    text = python_module(spec, label)
    cmap = CompiledMap(label, spec.state, spec.params, spec.update, spec.degree,
                       spec.rational, spec.polynomial, _coeff_bits(spec.update, spec.state),
                       text, source_digest(text)[:24])
    _trial(cmap)
    if jit:
        _jit_trial(cmap)
    return cmap


def _jit_trial(cmap: CompiledMap) -> None:
    import numpy as np
    try:
        step = cmap.numba_step()
        x = tuple(0.3 + 0.1 * i for i in range(cmap.n))
        with np.errstate(all="ignore"):
            out = step(x, np.array([0.7 + 0.1 * j for j in range(len(cmap.params))]))
    except Exception as exc:  # noqa: BLE001 - numba's message is long; keep its first line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MapError(f"map {cmap.name!r} cannot be compiled by numba: {first}") from None
    if len(out) != cmap.n or not all(isinstance(v, float) or math.isnan(v) for v in out):
        raise MapError(f"map {cmap.name!r}: the numba step returned {out!r}")
