"""Activations sigma of the two-layer network f = m^(-1/2) sum_i v_i sigma(u_i.x/sqrt d).

docs/theory.md §2 treats sigma = relu; this module makes sigma a parameter.  An
:class:`Activation` holds a SymPy expression of the symbol :data:`z` and its first two
derivatives (computed by SymPy, never typed in), with numeric forms:

* ``derivatives(z)``: float64 arrays ``(sigma, sigma', sigma'')`` (numpy / scipy);
* ``exact_derivatives(z)``: exact rationals (``fractions.Fraction``) at rational points,
  available when every derivative is a piecewise polynomial with rational coefficients
  (``relu``, ``leaky_relu`` with a rational slope, ``linear``, ``abs``, ``poly``).

Piecewise-linear activations use the paper's convention sigma'(0) = right derivative
(relu'(0) = 1{0 >= 0} = 1) and sigma'' = 0 (the kink has measure zero under the
Gaussian initialisation).  Names accepted by :func:`parse_activation` (the CLI's
``--activation NAME[:PARAM]``) come from the fixed table :data:`ACTIVATIONS`; a user's own
activation is passed in the library as a SymPy expression (:func:`custom_activation`).
Strings are never parsed as expressions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from .._validate import NQMValueError

__all__ = ["z", "Activation", "ACTIVATIONS", "make_activation", "parse_activation",
           "custom_activation", "parse_param"]

#: The activation's argument (the pre-activation u.x/sqrt d).
z = sp.Symbol("z", real=True)

_PIECES = sp.Piecewise


def _leaky(alpha):
    return sp.Piecewise((alpha * z, z < 0), (z, True))


#: name -> (builder(param) -> expr, default param or None, allowed param range, doc).
ACTIVATIONS = {
    "relu": (lambda p: _leaky(sp.Integer(0)), None, None, "max(z, 0) (docs/theory.md §2)"),
    "leaky_relu": (_leaky, Fraction(1, 10), (-1, 1), "z for z >= 0, alpha z below"),
    "linear": (lambda p: z, None, None, "z (the uv model of docs/theory.md §6)"),
    "abs": (lambda p: _leaky(sp.Integer(-1)), None, None, "|z|"),
    "tanh": (lambda p: sp.tanh(z), None, None, "tanh z"),
    "erf": (lambda p: sp.erf(z), None, None, "erf z"),
    "gelu": (lambda p: z * (1 + sp.erf(z / sp.sqrt(2))) / 2, None, None,
             "z Phi(z) (exact GELU)"),
    "silu": (lambda p: z / (1 + sp.exp(-z)), None, None, "z / (1 + e^-z) (swish)"),
    "softplus": (lambda p: sp.log(1 + sp.exp(z)), None, None, "log(1 + e^z)"),
    "poly": (lambda b: z + b * z**2, Fraction(1, 2), (-10, 10), "z + b z^2"),
}

from .names import NAMES  # noqa: E402  (the table's keys, readable without SymPy)

if tuple(ACTIVATIONS) != NAMES:     # pragma: no cover - a programming error
    raise ImportError("catalogue.ACTIVATIONS and names.NAMES disagree")

_NUMBER = re.compile(r"^[+-]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,2})?$"
                     r"|^[+-]?\d{1,20}/\d{1,20}$")


def parse_param(name: str, text: str) -> Fraction:
    """Parse the PARAM of ``NAME:PARAM`` as an exact number with bounded cost.

    Decimal (``0.1``, ``1e-2``; exponents of at most two digits) or ``p/q``; never eval.

    >>> parse_param("leaky_relu", "0.1")
    Fraction(1, 10)
    >>> parse_param("leaky_relu", "1e999999")
    Traceback (most recent call last):
    ...
    nqm_theory._validate.NQMValueError: `--activation leaky_relu:PARAM` must be a number like 0.1, 1e-2 or 1/3 (at most 20 digits, exponent of at most 2 digits), got '1e999999'
    """
    s = str(text).strip()
    if not _NUMBER.match(s):
        raise NQMValueError(f"`--activation {name}:PARAM` must be a number like 0.1, 1e-2 "
                            f"or 1/3 (at most 20 digits, exponent of at most 2 digits), "
                            f"got {text!r}")
    try:
        return Fraction(s)
    except ZeroDivisionError:
        raise NQMValueError(f"`--activation {name}:PARAM` has a zero denominator: "
                            f"{text!r}") from None


@dataclass(frozen=True, eq=False)
class Activation:
    """An activation sigma(z) with its SymPy derivatives and numeric forms.

    Attributes
    ----------
    name : str
        ``"leaky_relu:1/10"``-style label (table name and parameter).
    expr, d1, d2 : sympy.Expr
        sigma, sigma' and sigma'' as expressions of :data:`z` (SymPy's derivatives).
    param : Fraction or None
    piecewise_linear : bool
        sigma'' = 0 identically (relu, leaky_relu, linear, abs).
    exact : bool
        sigma, sigma', sigma'' are rational at rational points (exact mode possible).

    Examples
    --------
    >>> act = make_activation("leaky_relu", Fraction(1, 4))
    >>> act.exact_derivatives(Fraction(-2))
    (Fraction(-1, 2), Fraction(1, 4), Fraction(0, 1))
    >>> [round(float(t), 6) for t in make_activation("tanh").derivatives(0.5)]
    [0.462117, 0.786448, -0.726862]
    """

    name: str
    expr: sp.Expr
    param: Fraction | None = None
    d1: sp.Expr = field(init=False, repr=False)
    d2: sp.Expr = field(init=False, repr=False)
    piecewise_linear: bool = field(init=False)
    exact: bool = field(init=False)

    def __post_init__(self):
        d1 = sp.diff(self.expr, z)
        d2 = sp.diff(d1, z)
        for k, e in ((1, d1), (2, d2)):
            if e.has(sp.Derivative, sp.Subs, sp.DiracDelta) or e.has(sp.nan, sp.zoo):
                raise NQMValueError(f"`activation` must be twice differentiable by SymPy; "
                                    f"derivative {k} of {self.expr} is {e}")
        d2 = sp.piecewise_fold(d2)
        zero2 = d2 == 0 or (isinstance(d2, sp.Piecewise)
                            and all(a.expr == 0 for a in d2.args))
        object.__setattr__(self, "d1", d1)
        object.__setattr__(self, "d2", sp.Integer(0) if zero2 else d2)
        object.__setattr__(self, "piecewise_linear", bool(zero2) and _is_pw_poly(d1, 0))
        object.__setattr__(self, "exact", all(_is_pw_poly(e, None) for e in
                                              (self.expr, d1, self.d2)))

    def derivatives(self, zz):
        """float64 ``(sigma, sigma', sigma'')`` at ``zz`` (array or scalar)."""
        import numpy as np
        fns = _lambdified(self)
        zz = np.asarray(zz, dtype=np.float64)
        return tuple(np.broadcast_to(np.asarray(f(zz), dtype=np.float64), zz.shape).copy()
                     for f in fns)

    def exact_derivatives(self, q) -> tuple:
        """Exact ``(sigma, sigma', sigma'')`` at a rational ``q`` (Fractions)."""
        if not self.exact:
            raise NQMValueError(f"`activation` {self.name} is not rational at rational points; "
                                "exact mode needs relu, leaky_relu, linear, abs or poly")
        qq = sp.Rational(Fraction(q).numerator, Fraction(q).denominator)
        out = []
        for e in (self.expr, self.d1, self.d2):
            val = sp.sympify(e).subs(z, qq)
            out.append(Fraction(int(val.p), int(val.q)))
        return tuple(out)


def _is_pw_poly(e, max_degree) -> bool:
    """A (piecewise) polynomial in z with rational coefficients (degree <= max_degree)."""
    parts = [a.expr for a in e.args] if isinstance(e, sp.Piecewise) else [e]
    for p in parts:
        if not p.is_polynomial(z):
            return False
        poly = sp.Poly(p, z)
        if not all(c.is_Rational for c in poly.coeffs()):
            return False
        if max_degree is not None and poly.degree() > max_degree:
            return False
    return True


_LAMBDA_CACHE: dict = {}


def _lambdified(act: Activation):
    key = id(act)
    hit = _LAMBDA_CACHE.get(key)
    if hit is None or hit[0] is not act:
        fns = tuple(sp.lambdify(z, e, modules=["numpy", "scipy"])
                    for e in (act.expr, act.d1, act.d2))
        hit = (act, fns)
        _LAMBDA_CACHE[key] = hit
    return hit[1]


def make_activation(name: str, param=None) -> Activation:
    """The activation ``name`` of :data:`ACTIVATIONS` (with its parameter, if it has one).

    >>> make_activation("poly").expr
    z**2/2 + z
    >>> make_activation("relu", 1)
    Traceback (most recent call last):
    ...
    nqm_theory._validate.NQMValueError: `activation` relu takes no parameter, got 1
    """
    if name not in ACTIVATIONS:
        raise NQMValueError(f"`activation` must be one of {', '.join(ACTIVATIONS)} "
                            f"(NAME or NAME:PARAM), got {name!r}")
    build, default, rng, _ = ACTIVATIONS[name]
    if default is None:
        if param is not None:
            raise NQMValueError(f"`activation` {name} takes no parameter, got {param}")
        return Activation(name, build(None))
    p = default if param is None else param
    if isinstance(p, bool) or not isinstance(p, (int, Fraction)):
        raise NQMValueError(f"`activation` parameter of {name} must be an int or Fraction, "
                            f"got {p!r}")
    p = Fraction(p)
    lo, hi = rng
    if not lo <= p <= hi:
        raise NQMValueError(f"`activation` parameter of {name} must be in [{lo}, {hi}], "
                            f"got {p}")
    return Activation(f"{name}:{p}", build(sp.Rational(p.numerator, p.denominator)), p)


def parse_activation(text: str) -> Activation:
    """``"NAME"`` or ``"NAME:PARAM"`` (the CLI form) -> :class:`Activation`.

    >>> parse_activation("leaky_relu:0.2").name
    'leaky_relu:1/5'
    """
    name, sep, par = str(text).partition(":")
    name = name.strip()
    if name not in ACTIVATIONS:
        raise NQMValueError(f"`--activation` must be one of {', '.join(ACTIVATIONS)} "
                            f"(NAME or NAME:PARAM), got {text!r}")
    return make_activation(name, parse_param(name, par) if sep else None)


def custom_activation(expr, name: str = "custom") -> Activation:
    """A user's activation: a SymPy expression of one symbol (validated).

    The symbol is renamed to :data:`z`; the expression must be twice differentiable by
    SymPy and finite at sample points of [-4, 4] (numeric evaluation).

    >>> x = sp.Symbol("x")
    >>> custom_activation(sp.sin(x) + x / 2).expr
    z/2 + sin(z)
    >>> custom_activation(sp.Symbol("a") * x)
    Traceback (most recent call last):
    ...
    nqm_theory._validate.NQMValueError: `activation` must be a SymPy expression of exactly one symbol, got free symbols ['a', 'x']
    """
    import numpy as np
    if isinstance(expr, str) or not isinstance(expr, sp.Expr):
        raise NQMValueError("`activation` must be a SymPy expression of one symbol (strings "
                            f"are never parsed), got {type(expr).__name__}")
    free = sorted(expr.free_symbols, key=str)
    if len(free) != 1:
        raise NQMValueError("`activation` must be a SymPy expression of exactly one symbol, "
                            f"got free symbols {[str(s) for s in free]}")
    act = Activation(str(name), expr.xreplace({free[0]: z}))
    pts = np.concatenate([np.linspace(-4, 4, 17), np.linspace(-4, 4, 17) + 0.013])
    try:
        with np.errstate(all="ignore"):
            vals = act.derivatives(pts)
    except Exception as exc:  # noqa: BLE001 - reported as the activation's error
        raise NQMValueError(f"`activation` {expr} cannot be evaluated numerically: "
                            f"{type(exc).__name__}: {exc}") from None
    if not all(np.all(np.isfinite(v)) for v in vals):
        raise NQMValueError(f"`activation` {expr} (or a derivative) is not finite on [-4, 4]")
    return act
