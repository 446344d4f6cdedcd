"""Helpers shared by CLI subcommands: bounded-cost number parsing, paths, JSON output.

Every number on the command line goes through :func:`parse_number`: a decimal
(``0.1``, ``-2.5e-3``) or a rational ``p/q`` is read *exactly* as a Fraction by a
regular expression, never by ``eval``, and its cost is bounded before anything is
built: at most :data:`MAX_CHARS` characters and a decimal exponent of at most
:data:`MAX_EXPONENT` in magnitude (``1e99999999`` would otherwise make a Fraction with a
hundred-million-digit numerator).  :func:`parse_float` and :func:`parse_int` add the
float64 range and integer bounds; errors name the flag and the allowed range.
"""
from __future__ import annotations

import json
import math
import re
import sys
from fractions import Fraction

from .._io import check_output
from .._validate import NQMValueError

__all__ = ["parse_number", "parse_float", "parse_int", "print_json", "check_output",
           "json_number", "MAX_EXPONENT", "MAX_CHARS", "MAX_STEPS"]

#: Largest decimal exponent accepted in a number (mpmath and exact modes go far beyond
#: float64's 308; this only bounds the cost of parsing).
MAX_EXPONENT = 10_000
MAX_CHARS = 400
#: Largest step budget any command accepts.
MAX_STEPS = 10**9

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RATIO = re.compile(r"[+-]?[0-9]+/[0-9]+")


def parse_number(flag: str, text) -> Fraction:
    """Parse a decimal or ``p/q`` exactly (``Fraction("0.1") == 1/10``); never ``eval``.

    Examples
    --------
    >>> parse_number("--eta", "5/2"), parse_number("--y", "-1e-3")
    (Fraction(5, 2), Fraction(-1, 1000))
    >>> parse_number("--width", "1e99999999")
    Traceback (most recent call last):
    ...
    nqm_theory._validate.NQMValueError: `--width` must be a number with a decimal exponent of at most 10000 in magnitude, got '1e99999999'
    """
    if isinstance(text, (int, Fraction)) and not isinstance(text, bool):
        return Fraction(text)
    s = str(text).strip()
    if len(s) > MAX_CHARS:
        raise NQMValueError(f"`{flag}` must be a number of at most {MAX_CHARS} characters, "
                            f"got {len(s)} characters")
    if _RATIO.fullmatch(s):
        num, den = s.split("/")
        if len(num.lstrip("+-")) > MAX_EXPONENT or len(den) > MAX_EXPONENT:
            raise NQMValueError(f"`{flag}` is too long a fraction, got {s!r}")
        if int(den) == 0:
            raise NQMValueError(f"`{flag}` must be a finite number (p/q with q != 0), "
                                f"got {s!r}")
        return Fraction(int(num), int(den))
    if not _DECIMAL.fullmatch(s):
        raise NQMValueError(f"`{flag}` must be a finite number (a decimal like 0.25, 1e-3 or "
                            f"a fraction like 5/2), got {s!r}")
    mant, _, exp = s.lower().partition("e")
    e = int(exp) if exp else 0
    digits = len(mant.lstrip("+-").replace(".", "").lstrip("0"))
    if abs(e) > MAX_EXPONENT or abs(e) + digits > MAX_EXPONENT + MAX_CHARS:
        raise NQMValueError(f"`{flag}` must be a number with a decimal exponent of at most "
                            f"{MAX_EXPONENT} in magnitude, got {s!r}")
    return Fraction(s)


def parse_float(flag: str, text, *, gt=None, ge=None, lt=None, le=None) -> float:
    """:func:`parse_number` within the float64 range and the given bounds, as a float."""
    q = parse_number(flag, text)
    rng = " and ".join(p for p in (f"> {gt}" if gt is not None else "",
                                    f">= {ge}" if ge is not None else "",
                                    f"< {lt}" if lt is not None else "",
                                    f"<= {le}" if le is not None else "") if p)
    what = f"a float64 number{(' ' + rng) if rng else ''}"
    try:
        f = float(q)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise NQMValueError(f"`{flag}` must be {what} (|x| < 1.8e308), got {text}")
    if ((gt is not None and not q > gt) or (ge is not None and not q >= ge)
            or (lt is not None and not q < lt) or (le is not None and not q <= le)):
        raise NQMValueError(f"`{flag}` must be {what}, got {text}")
    if q != 0 and f == 0:
        raise NQMValueError(f"`{flag}` = {text} underflows float64 (|x| >= 2.3e-308 needed)")
    return f


def parse_int(flag: str, text, *, ge=None, le=None) -> int:
    """:func:`parse_number` that must be an integer in ``[ge, le]`` (``1e3`` is 1000)."""
    q = parse_number(flag, text)
    rng = " and ".join(p for p in (f">= {ge}" if ge is not None else "",
                                    f"<= {le}" if le is not None else "") if p)
    if q.denominator != 1 or (ge is not None and q < ge) or (le is not None and q > le):
        raise NQMValueError(f"`{flag}` must be an integer{(' ' + rng) if rng else ''}, "
                            f"got {text}")
    return int(q)


def json_number(q):
    """An exact input as a JSON number when float64 holds it, else a 17-digit string."""
    try:
        f = float(q)
    except OverflowError:
        f = math.inf
    if math.isfinite(f) and (f != 0 or q == 0):
        return f
    import mpmath
    with mpmath.workdps(20):
        return mpmath.nstr(mpmath.mpf(q.numerator) / q.denominator, 17)


def _clean(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return repr(obj)  # JSON has no inf/nan: say it as a string
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def print_json(obj) -> None:
    """Print strict JSON (non-finite floats become strings) on one line."""
    json.dump(_clean(obj), sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
