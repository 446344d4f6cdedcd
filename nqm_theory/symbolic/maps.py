"""The paper's derived maps as :class:`~nqm_theory.maps.CompiledMap` objects.

* :func:`one_example_map`: the (u, v, w) map of docs/theory.md §3, derived by
  :func:`nqm_theory.symbolic.derive.derive_one_example` (parameter-free, state (u, v, w)).
* :func:`direction_map`: the map of each direction p_i of the several-example reduction
  (docs/theory.md §5), derived from the reduced (R_i, lam_i) map of
  :func:`nqm_theory.multi.symbolic.reduced_residual_map` by the change of variables
  u_i = (eta^2/m) R_i^2, v_i = eta lam_i, w_i = (eta^2/m) R_i Y_i.  It comes out equal
  to the one-example map, which the tests check symbol for symbol.

Both are built once per process and compiled lazily for numba (``jit=False``: the Python
paths never import numba).  The derivation (about a second of SymPy) is remembered on
disk as the polynomial coefficients of the derived map, keyed by a hash of the sources
of the symbolic layer, in JSON (nothing is executed or parsed as code when it is read
back; a damaged or foreign file is ignored and the map is derived again).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

__all__ = ["one_example_map", "direction_map"]

_SOURCES = ("symbols.py", "relu_nqm.py", "derive.py", "maps.py")


def _key() -> str:
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    h.update((here.parent / "multi" / "symbolic.py").read_bytes())
    return h.hexdigest()[:24]


def _to_tree(e):
    """A SymPy expression of Add/Mul/Pow/Symbol/Integer/Rational as nested JSON lists."""
    import sympy as sp
    if e.is_Symbol:
        return ["S", e.name]
    if e.is_Integer:
        return ["I", str(e.p)]
    if e.is_Rational:
        return ["Q", str(e.p), str(e.q)]
    for tag, cls in (("A", sp.Add), ("M", sp.Mul), ("P", sp.Pow)):
        if isinstance(e, cls):
            return [tag] + [_to_tree(a) for a in e.args]
    raise TypeError(f"cannot cache {type(e).__name__}")


def _from_tree(t, symbols):
    """Rebuild :func:`_to_tree`'s output (SymPy re-canonicalises: the same expression)."""
    import sympy as sp
    tag, rest = t[0], t[1:]
    if tag == "S":
        return symbols[rest[0]]
    if tag == "I":
        return sp.Integer(int(rest[0]))
    if tag == "Q":
        return sp.Rational(int(rest[0]), int(rest[1]))
    args = [_from_tree(a, symbols) for a in rest]
    return {"A": sp.Add, "M": sp.Mul, "P": sp.Pow}[tag](*args)


def _cached(name: str, state, derive):
    """The derived update expressions of ``name`` (from the JSON cache, or ``derive()``)."""
    from .._io import atomic_write_json
    from ..maps.cache import cache_dir
    path = cache_dir() / "derived" / f"{name}_{_key()}.json"
    symbols = {s.name: s for s in state}
    try:
        data = json.loads(path.read_text())
        if data["sha256"] == _digest(data["update"]) and len(data["update"]) == len(state):
            return tuple(_from_tree(t, symbols) for t in data["update"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass
    exprs = tuple(derive())
    trees = [_to_tree(e) for e in exprs]
    try:
        atomic_write_json(path, {"update": trees, "sha256": _digest(trees)})
    except (OSError, TypeError):
        pass  # an unwritable cache only costs the derivation next time
    return exprs


def _digest(trees) -> str:
    """Checksum of the cached trees (a damaged or edited file is derived again)."""
    return hashlib.sha256(json.dumps(trees, separators=(",", ":")).encode()).hexdigest()


@lru_cache(maxsize=1)
def one_example_map():
    """The derived one-example (u, v, w) map of docs/theory.md §3 (a CompiledMap).

    Examples
    --------
    >>> M = one_example_map()
    >>> [s.name for s in M.state], M.params, M.degree
    (['u', 'v', 'w'], (), 3)
    """
    from ..maps import compile_map
    from .symbols import u, v, w

    def derive():
        from .derive import derive_one_example
        return derive_one_example().uvw_map.next_state

    update = _cached("one_example_uvw", (u, v, w), derive)
    return compile_map((u, v, w), (), update,
                       name="one-example NQM map (u, v, w) (docs/theory.md §3)", jit=False)


@lru_cache(maxsize=1)
def direction_map():
    """The (u_i, v_i, w_i) map of one direction of the several-example reduction (§5)."""
    from ..maps import compile_map
    from .symbols import u, v, w

    def derive():
        import sympy as sp

        from ..multi.symbolic import R, Y, reduced_residual_map
        from .derive import _to_uvw
        from .symbols import c, eta, m, r, y
        Rn, Ln = reduced_residual_map(m)
        sub = {R: r, Y: y, m: 1 / c}
        r_next = sp.expand(Rn.xreplace(sub))
        lam_next = sp.expand(Ln.xreplace(sub))
        return (_to_uvw(c * eta**2 * r_next**2), sp.expand(_to_uvw(eta * lam_next)),
                _to_uvw(c * eta**2 * r_next * y))

    return compile_map((u, v, w), (), _cached("direction_uvw", (u, v, w), derive),
                       name="several-example direction map (u_i, v_i, w_i) (docs/theory.md §5)",
                       jit=False)
