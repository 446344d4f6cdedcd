"""Number systems of the engine: ``float64``, ``mpN``, ``exact`` and ``ballN``.

* ``float64``: IEEE double (Python floats; numba for batched runs, bit for bit the same);
* ``mpN``: mpmath with N significant decimal digits (16 <= N <= 100000);
* ``exact``: rationals, FLINT's ``fmpq`` through python-flint (measured 14x faster than
  ``fractions.Fraction`` at ten steps of the one-example map, see
  ``benchmarks/bench_numbers.py``);
* ``ballN``: Arb midpoint-radius balls (python-flint ``arb``) with N decimal digits of
  working precision (16 <= N <= 100000); every ball provably contains the exact value.

:func:`parse_precision` turns a name into a frozen :class:`Precision`; its methods convert
inputs (``int``, ``float``, ``Fraction``, ``mpmath.mpf``, ``fmpq``, ``arb``, ``Decimal``)
into the system's numbers exactly or, for ``mpN``/``ballN``, correctly rounded /
enclosed, and bind the names the generated code uses (``_Q`` for a rational
coefficient, ``_F`` for functions of the parameters).
"""
from __future__ import annotations

import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import (MAX_EMAX, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation,
                     Overflow, Underflow)
from fractions import Fraction
from numbers import Rational, Real

from .._validate import NQMValueError

__all__ = ["Precision", "parse_precision", "to_fraction", "fraction_of", "ball_bounds",
           "ball_mid", "PRECISIONS_HELP"]

PRECISIONS_HELP = "'float64', 'exact', 'mpN' or 'ballN' with 16 <= N <= 100000"
_MAX_DIGITS = 100_000


@dataclass(frozen=True)
class Precision:
    """A parsed precision: ``kind`` in {"float64", "mp", "exact", "ball"}, ``digits`` N.

    ``name`` is the canonical spelling (``"mp50"``, ``"ball30"``, ...).
    """

    kind: str
    digits: int | None = None

    @property
    def name(self) -> str:
        return self.kind if self.digits is None else f"{self.kind}{self.digits}"

    @property
    def bits(self) -> int:
        """Working precision in bits (53 for float64; N digits + 10 guard bits otherwise)."""
        if self.digits is None:
            return 53
        return int(math.ceil(self.digits * math.log2(10))) + 10

    @contextmanager
    def context(self):
        """Set mpmath's / Arb's working precision for the duration of a computation."""
        if self.kind == "mp":
            import mpmath
            with mpmath.workdps(self.digits):
                yield
        elif self.kind == "ball":
            from flint import ctx
            old = ctx.prec
            ctx.prec = self.bits
            try:
                yield
            finally:
                ctx.prec = old
        else:
            yield

    def namespace(self) -> dict:
        """Globals for the generated code: ``_Q(p, q)`` and the function table ``_F``."""
        if self.kind == "float64":
            return {"_Q": _float_q, "_F": math}
        if self.kind == "mp":
            import mpmath
            return {"_Q": lambda p, q: mpmath.mpf(p) / q, "_F": _MpFunctions}
        if self.kind == "exact":
            from flint import fmpq
            return {"_Q": fmpq, "_F": _NoFunctions}
        from flint import arb
        return {"_Q": lambda p, q: arb(p) / q, "_F": _ArbFunctions}

    def convert(self, name: str, x):
        """``x`` as a number of this system (inside :meth:`context`); names ``name`` on error."""
        q = None if self.kind == "float64" else to_fraction(name, x)
        if self.kind == "float64":
            return _to_float(name, x)
        if self.kind == "exact":
            from flint import fmpq
            return fmpq(q.numerator, q.denominator)
        if self.kind == "ball":
            from flint import arb, fmpq
            return arb(fmpq(q.numerator, q.denominator))
        import mpmath
        return mpmath.mpf(q.numerator) / q.denominator


def _float_q(p, q):
    return p / q


def parse_precision(precision) -> Precision:
    """Parse ``"float64"``, ``"exact"``, ``"mpN"`` or ``"ballN"``.

    Examples
    --------
    >>> parse_precision("ball30")
    Precision(kind='ball', digits=30)
    >>> parse_precision("mp5")
    Traceback (most recent call last):
    ...
    nqm_theory.maps.numbers.PrecisionError: `precision` must be 'float64', 'exact', 'mpN' or 'ballN' with 16 <= N <= 100000, got 'mp5'
    """
    if isinstance(precision, Precision):
        return precision
    if precision in ("float64", "exact"):
        return Precision(precision)
    mt = re.fullmatch(r"(mp|ball)([0-9]{1,6})", precision) if isinstance(precision, str) \
        else None
    if mt and 16 <= int(mt.group(2)) <= _MAX_DIGITS:
        return Precision(mt.group(1), int(mt.group(2)))
    raise PrecisionError(f"`precision` must be {PRECISIONS_HELP}, got {precision!r}")


class PrecisionError(NQMValueError):
    """An unknown or out-of-range precision name."""


def to_fraction(name: str, x) -> Fraction:
    """The exact rational value of a finite real number ``x`` (strings are refused)."""
    if isinstance(x, bool) or isinstance(x, (str, bytes)):
        raise NQMValueError(f"`{name}` must be a finite real number, got {x!r}")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise NQMValueError(f"`{name}` must be a finite real number, got {x!r}")
        return Fraction(x)
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise NQMValueError(f"`{name}` must be a finite real number, got {x!r}")
        return Fraction(x)
    mod = type(x).__module__
    if mod.startswith("flint"):
        kind = type(x).__name__
        if kind in ("fmpq", "fmpz"):
            return Fraction(str(x))
        if kind == "arb" and x.is_exact() and x.is_finite():
            man, exp = x.man_exp()
            return Fraction(int(man)) * (Fraction(2) ** int(exp))
    if mod.startswith("mpmath"):
        import mpmath
        if isinstance(x, mpmath.mpf) and mpmath.isfinite(x):
            man, exp = x.man_exp
            return Fraction(int(man)) * (Fraction(2) ** int(exp))
    if hasattr(x, "dtype") and getattr(x, "shape", None) == ():
        return to_fraction(name, x.item())
    if isinstance(x, Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, Real):
        return to_fraction(name, float(x))
    raise NQMValueError(f"`{name}` must be a finite real number, got {x!r} "
                        f"({type(x).__name__})")


def fraction_of(q) -> Fraction:
    """A FLINT ``fmpq`` as a ``fractions.Fraction``, without re-normalising.

    ``fmpq`` is always in lowest terms with a positive denominator, which is the
    invariant of ``Fraction``; building it directly avoids the gcd that
    ``Fraction(p, q)`` would recompute (quadratic in the size of huge iterates).
    """
    f = Fraction.__new__(Fraction)
    f._numerator = int(q.p)
    f._denominator = int(q.q)
    return f


def _to_float(name: str, x) -> float:
    try:
        f = float(to_fraction(name, x)) if not isinstance(x, float) else x
    except OverflowError:
        raise NQMValueError(f"`{name}` = {x!r} is beyond the float64 range; use 'mpN', "
                            "'ballN' or 'exact'") from None
    if not math.isfinite(f):
        raise NQMValueError(f"`{name}` must be a finite real number, got {x!r}")
    return f


def ball_bounds(b, digits: int):
    """``(lower, upper)`` of an ``arb`` ball as ``Decimal`` numbers, rounded outward.

    Each endpoint (an exact binary number) is printed with ``digits + 3`` significant
    digits (mpmath's conversion errs by at most one unit in the last digit) and then
    moved two units outward, so ``lower <= every point of the ball <= upper``.  A
    non-finite ball, or an endpoint beyond Decimal's exponent range (Arb's is unbounded),
    gives an infinite bound on that side (printed ``-inf`` / ``+inf``, which mpmath reads).

    Examples
    --------
    >>> from flint import arb
    >>> lo, hi = ball_bounds(arb(1) / 3, 20)
    >>> lo < Decimal(1) / Decimal(3) < hi, len(str(lo))
    (True, 25)
    """
    if not b.is_finite():
        return _INF[-1], _INF[1]
    return _outward(b.lower(), digits + 3, -1), _outward(b.upper(), digits + 3, 1)


def ball_mid(b, digits: int) -> Decimal:
    """The midpoint of an ``arb`` ball as a ``Decimal`` of ``digits + 3`` digits (nearest).

    Decimal, like the bounds of :func:`ball_bounds`, so the three compare with each other
    (and with int, float and Fraction).  Not a bound: use the bounds for rigour.
    """
    if not b.is_finite():
        return Decimal("NaN")
    man, exp = b.mid().man_exp()
    man, exp = int(man), int(exp)
    if man == 0:
        return Decimal(0)
    from mpmath import libmp
    try:
        text = libmp.to_str(libmp.from_man_exp(man, exp), digits + 3)
        return Context(prec=digits + 13, Emax=MAX_EMAX, Emin=MIN_EMIN,
                       traps=[InvalidOperation, Overflow]).create_decimal(text)
    except ArithmeticError:
        return _INF[1] if man > 0 else _INF[-1]


class _Infinite(Decimal):
    """An infinite bound whose text mpmath reads back (``'-inf'``, ``'+inf'``)."""

    def __str__(self):
        return "-inf" if self.is_signed() else "+inf"

    __repr__ = __str__


_INF = {-1: _Infinite("-Infinity"), 1: _Infinite("Infinity")}


def _outward(point, digits: int, direction: int) -> Decimal:
    from mpmath import libmp
    man, exp = point.man_exp()
    man, exp = int(man), int(exp)
    if man == 0:
        return Decimal(0)
    try:
        text = libmp.to_str(libmp.from_man_exp(man, exp), digits)
        ctx = Context(prec=digits + 10, Emax=MAX_EMAX, Emin=MIN_EMIN,
                      traps=[InvalidOperation, Overflow, Underflow, Inexact])
        d = ctx.create_decimal(text)   # exact: text has `digits` significant digits
        unit = Decimal((0, (1,), d.adjusted() - digits + 1))
        return ctx.fma(2 * direction, unit, d)
    except ArithmeticError:  # beyond Decimal's exponent range (Arb's is unbounded)
        if direction < 0:
            return Decimal(0) if man > 0 else _INF[-1]
        return Decimal(0) if man < 0 else _INF[1]


class _NoFunctions:
    """Exact arithmetic has no sqrt/exp/...: a map using them is refused before running."""

    def __getattr__(self, name):  # pragma: no cover - refused earlier by the map spec
        raise NQMValueError(f"precision 'exact' cannot evaluate {name}(); use 'mpN' or "
                            "'ballN'")


_NoFunctions = _NoFunctions()


class _MpFunctions:
    """The function table ``_F`` for mpmath numbers."""

    @staticmethod
    def fabs(x):
        import mpmath
        return mpmath.fabs(x)

    def __getattr__(self, name):
        import mpmath
        return getattr(mpmath, name)


_MpFunctions = _MpFunctions()


class _ArbFunctions:
    """The function table ``_F`` for Arb balls (each result encloses the exact value)."""

    def __getattr__(self, name):
        from flint import arb
        method = {"fabs": "__abs__"}.get(name, name)
        return lambda x: getattr(arb(x), method)()


_ArbFunctions = _ArbFunctions()
