"""Source printers of a checked map: Python (for every number system), C and JavaScript.

All printers share one common-subexpression elimination (``sympy.cse``) and one way of
writing the arithmetic, so the float64 results agree bit for bit between the Python
step, the numba-compiled step, the C step and the JavaScript step:

* positive integer powers are written as products (``u*u``), negative ones as ``1/(..)``;
  ``sqrt`` is the only fractional power (``b**(k/2)``); no ``pow`` call, no fused
  multiply-add;
* a rational coefficient p/q is written ``_Q(p, q)`` in Python, bound per number system
  (float division, ``mpf(p)/q``, ``fmpq(p, q)``, an Arb ball), ``(p.0/q.0)`` in C and
  ``(p/q)`` in JavaScript;
* functions of the parameters are written ``_F.name(...)`` in Python (``math``, mpmath or
  Arb), their C names in C and ``Math.name`` in JavaScript.

The Python module defines ``step(_x, _p)`` (``_x`` a tuple of state values, ``_p`` an
indexable of parameter values, returns a tuple) and ``jacobian(_x, _p)`` (the row-major
entries of dF/dx); symbols keep their own names where they are safe identifiers.  Inspect it with :meth:`nqm_theory.maps.CompiledMap.source`.
"""
from __future__ import annotations

import keyword

import sympy as sp
from sympy.printing.c import C99CodePrinter
from sympy.printing.jscode import JavascriptCodePrinter
from sympy.printing.pycode import PythonCodePrinter

from .spec import ARB_FUNCTIONS, MapError, MapSpec

__all__ = ["python_module", "c_function", "javascript_function", "LANGUAGES"]

LANGUAGES = ("python", "c", "javascript")
_RESERVED = {"step", "jacobian", "math", "Math", "out", "double", "const",
             "return", "function", "let", "var", "int", "float", "inline", "static", "void"}
_MAX_POWER = 64


def _names(spec: MapSpec) -> dict:
    """Identifier for each symbol: its own name when safe in every language, else s_i/q_i."""
    out, used = {}, set()
    for prefix, syms in (("s", spec.state), ("q", spec.params)):
        for i, s in enumerate(syms):
            n = s.name
            ok = (n.isidentifier() and n.isascii() and not keyword.iskeyword(n)
                  and not n.startswith("_") and n not in _RESERVED and n not in used)
            name = n if ok else f"{prefix}_{i}"
            while name in used:
                name += "_"
            out[s] = sp.Symbol(name)
            used.add(name)
    return out


def _pow_factors(printer, expr):
    """``b**e`` as products and sqrt; refuses what the engine cannot print exactly."""
    b, e = expr.as_base_exp()
    if e.is_Integer or (e.is_Rational and e.q == 2):
        k = int(e.p)
        if abs(k) > _MAX_POWER * (1 if e.is_Integer else 2):
            raise MapError(f"the power {expr} is too high to print (at most {_MAX_POWER})")
        base = printer.parenthesize(b, sp.printing.precedence.PRECEDENCE["Mul"])
        if e.is_Integer:
            parts = [base] * abs(k)
        else:
            root = printer.sqrt_text(printer._print(b))
            parts = [base] * (abs(k) // 2) + [root]
        body = "(" + "*".join(parts) + ")" if len(parts) > 1 else parts[0]
        return body if k > 0 else f"(1/{body})"
    raise MapError(f"the power {expr} has exponent {e}: only integer and half-integer "
                   "powers are supported")


class _Common:
    """Printing rules shared by the three languages (mixed into sympy's printers)."""

    fn_prefix = "_F."

    def _print_Pow(self, expr, rational=False):
        return _pow_factors(self, expr)

    def sqrt_text(self, arg):
        return f"{self.fn_prefix}sqrt({arg})"

    def _print_Integer(self, expr):
        return str(expr.p)

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Function(self, expr):
        name = ARB_FUNCTIONS.get(expr.func)
        if name is None:
            raise MapError(f"cannot print {expr.func}")
        return f"{self.fn_prefix}{name}({', '.join(self._print(a) for a in expr.args)})"


class _Py(_Common, PythonCodePrinter):
    def _print_Rational(self, expr):
        return f"_Q({expr.p}, {expr.q})"


class _C(_Common, C99CodePrinter):
    fn_prefix = ""

    def _print_Rational(self, expr):
        return f"({expr.p}.0/{expr.q}.0)"


class _JS(_Common, JavascriptCodePrinter):
    fn_prefix = "Math."

    def _print_Rational(self, expr):
        return f"({expr.p}/{expr.q})"

    def _print_Function(self, expr):
        if expr.func is sp.erf:
            raise MapError("JavaScript has no erf(); this map cannot be printed as JavaScript")
        if expr.func is sp.Abs:
            return f"Math.abs({self._print(expr.args[0])})"
        return super()._print_Function(expr)


# Each function class is printed through _print_Function (sympy would otherwise pick its
# own per-language names such as math.exp or Math.exp).
for _cls in ARB_FUNCTIONS:
    for _P in (_Py, _C, _JS):
        setattr(_P, f"_print_{_cls.__name__}", lambda self, e: self._print_Function(e))


def _cse(spec: MapSpec, exprs):
    names = _names(spec)
    exprs = [sp.sympify(e).xreplace(names) for e in exprs]
    temps, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("_t"))
    return names, temps, reduced


def _py_function(spec, fname, doc, exprs) -> list:
    names, temps, reduced = _cse(spec, exprs)
    pr = _Py({"fully_qualified_modules": False, "standard": "python3"})
    lines = [f"def {fname}(_x, _p):", f'    """{doc}"""']
    lines += [f"    {names[s]} = _x[{i}]" for i, s in enumerate(spec.state)]
    lines += [f"    {names[s]} = _p[{i}]" for i, s in enumerate(spec.params)]
    lines += [f"    {t} = {pr.doprint(e)}" for t, e in temps]
    body = ", ".join(pr.doprint(e) for e in reduced)
    lines.append(f"    return ({body}{',' if len(reduced) == 1 else ''})")
    return lines


def python_module(spec: MapSpec, name: str) -> str:
    """Text of the Python module with ``step(x, p)`` and ``jacobian(x, p)``."""
    J = sp.Matrix(spec.update).jacobian(sp.Matrix(spec.state))
    lines = [f'"""Generated by nqm_theory.maps from the map {name!r}. Do not edit.', "",
             "_Q (rational coefficient) and _F (functions of the parameters) are bound by "
             "the engine", 'for each number system."""', "", ""]
    lines += _py_function(spec, "step", f"One application of {name}: x(t+1) = F(x(t); p).",
                          spec.update)
    lines += ["", ""]
    lines += _py_function(spec, "jacobian", "Row-major entries of dF/dx at (x, p).", list(J))
    return "\n".join(lines) + "\n"


def _braced(spec: MapSpec, printer, head, decl, tail) -> str:
    """A C-like function: ``head`` lines, one ``decl`` local per symbol / temporary, ``tail``."""
    names, temps, reduced = _cse(spec, spec.update)
    lines = list(head)
    lines += [f"  {decl} {names[s]} = _x[{i}];" for i, s in enumerate(spec.state)]
    lines += [f"  {decl} {names[s]} = _p[{i}];" for i, s in enumerate(spec.params)]
    lines += [f"  {decl} {t} = {printer.doprint(e)};" for t, e in temps]
    lines += tail([printer.doprint(e) for e in reduced]) + ["}"]
    return "\n".join(lines) + "\n"


def c_function(spec: MapSpec, name: str) -> str:
    """A C99 ``static inline void step(const double *_x, const double *_p, double *_out)``."""
    return _braced(spec, _C(), [f"/* {name}: x(t+1) = F(x(t); p), generated by nqm_theory.maps */",
                                "static inline void step(const double *_x, const double *_p, "
                                "double *_out) {"], "const double",
                   lambda outs: [f"  _out[{i}] = {e};" for i, e in enumerate(outs)])


def javascript_function(spec: MapSpec, name: str) -> str:
    """A JavaScript ``function step(_x, _p)`` returning the next state as an array."""
    return _braced(spec, _JS(), [f"// {name}: x(t+1) = F(x(t); p), generated by nqm_theory.maps",
                                 "function step(_x, _p) {"], "const",
                   lambda outs: [f"  return [{', '.join(outs)}];"])
