"""Maps from the literature, built with :func:`~nqm_theory.maps.compile_map` (no package code).

They double as tests of the engine and as templates for a user's own map:

* :func:`logistic` -- ``x -> r x (1 - x)`` (May 1976); for r = 4 the Lyapunov exponent is
  log 2 and ``x = sin^2(pi theta)`` conjugates it to the doubling map;
* :func:`uv_model` -- GD on the two-layer linear network ``f = m^(-1/2) v^T u x`` with one
  example (Lewkowycz et al. 2020, "the catapult mechanism"; docs/theory.md §6): the output f
  and the kernel lam obey ``f' = f - eta r lam + eta^2 r^2 f / m`` and
  ``lam' = lam - 4 eta r f / m + eta^2 r^2 lam / m`` with ``r = f - y`` (|x| = 1);
* :func:`cubic` -- ``x -> a x - x^3`` (the symmetric cubic map, period doubling to chaos).
"""
from __future__ import annotations

from functools import lru_cache

__all__ = ["logistic", "uv_model", "cubic"]


@lru_cache(maxsize=None)
def logistic(jit: bool = True):
    """The logistic map ``x -> r x (1 - x)``; state ``(x,)``, parameter ``(r,)``."""
    import sympy as sp
    from .compiled import compile_map
    x, r = sp.symbols("x r", real=True)
    return compile_map([x], [r], [r * x * (1 - x)], name="logistic map", jit=jit)


@lru_cache(maxsize=None)
def uv_model(jit: bool = True):
    """GD on the uv model with one example: state ``(f, lam)``, parameters ``(eta, m, y)``.

    Derived by hand from u' = u - eta r v / sqrt(m), v' = v - eta r u / sqrt(m) with
    f = u.v / sqrt(m) and lam = (|u|^2 + |v|^2)/m (|x| = 1); the tests check it against
    GD on the explicit parameters (:func:`nqm_theory.params.uv_model`).
    """
    import sympy as sp
    from .compiled import compile_map
    f, lam, eta, m, y = sp.symbols("f lam eta m y", real=True)
    r = f - y
    return compile_map([f, lam], [eta, m, y],
                       [f - eta * r * lam + eta**2 * r**2 * f / m,
                        lam - 4 * eta * r * f / m + eta**2 * r**2 * lam / m],
                       name="uv model (one example)", jit=jit)


@lru_cache(maxsize=None)
def cubic(jit: bool = True):
    """The cubic map ``x -> a x - x^3``; state ``(x,)``, parameter ``(a,)``."""
    import sympy as sp
    from .compiled import compile_map
    x, a = sp.symbols("x a", real=True)
    return compile_map([x], [a], [a * x - x**3], name="cubic map", jit=jit)
