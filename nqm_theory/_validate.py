"""Argument validation shared by every layer.

All library entry points validate at construction and raise :class:`NQMValueError`
(a ``ValueError``) whose message names the parameter in backticks and states the
allowed range, e.g. ``"`width` must be a finite number > 0, got -3"``.  The CLI turns
these into a one-line message and exit code 2.
"""
from __future__ import annotations

import math
from fractions import Fraction
from numbers import Real

__all__ = ["NQMValueError", "check_real", "check_int", "check_choice"]


class NQMValueError(ValueError):
    """Invalid argument: the message names the parameter and the allowed range."""


def _is_finite(value) -> bool:
    if isinstance(value, Fraction):
        return True
    if type(value).__module__.startswith("mpmath"):
        import mpmath
        try:
            return bool(mpmath.isfinite(value))
        except (TypeError, ValueError):
            return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return isinstance(value, Real) and not isinstance(value, float)


def check_real(name: str, value, *, gt=None, ge=None, lt=None, le=None):
    """Return ``value`` if it is a finite real number within the given bounds.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : int, float, Fraction, mpmath.mpf or numpy scalar
        The value to check.  ``bool`` is rejected.
    gt, ge, lt, le : real, optional
        Strict / non-strict lower and upper bounds.

    Examples
    --------
    >>> check_real("eta", 0.5, gt=0)
    0.5
    >>> check_real("eta", -1, gt=0)
    Traceback (most recent call last):
    ...
    nqm_theory._validate.NQMValueError: `eta` must be a finite number > 0, got -1
    """
    parts = []
    if gt is not None:
        parts.append(f"> {gt}")
    if ge is not None:
        parts.append(f">= {ge}")
    if lt is not None:
        parts.append(f"< {lt}")
    if le is not None:
        parts.append(f"<= {le}")
    rng = " and ".join(parts)
    expect = f"a finite number{(' ' + rng) if rng else ''}"
    if isinstance(value, bool) or not _is_finite(value):
        raise NQMValueError(f"`{name}` must be {expect}, got {value!r}")
    ok = ((gt is None or value > gt) and (ge is None or value >= ge)
          and (lt is None or value < lt) and (le is None or value <= le))
    if not ok:
        raise NQMValueError(f"`{name}` must be {expect}, got {value}")
    return value


def check_int(name: str, value, *, ge=None, le=None) -> int:
    """Return ``value`` as ``int`` if it is an integer within ``[ge, le]``.

    Examples
    --------
    >>> check_int("steps", 10, ge=1)
    10
    """
    rng = " and ".join(p for p in (f">= {ge}" if ge is not None else "",
                                    f"<= {le}" if le is not None else "") if p)
    expect = f"an integer{(' ' + rng) if rng else ''}"
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        if not (isinstance(value, float) and value.is_integer()):
            raise NQMValueError(f"`{name}` must be {expect}, got {value!r}")
    value = int(value)
    if (ge is not None and value < ge) or (le is not None and value > le):
        raise NQMValueError(f"`{name}` must be {expect}, got {value}")
    return value


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``.

    Examples
    --------
    >>> check_choice("loss", "sum", ("sum", "mean"))
    'sum'
    """
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise NQMValueError(f"`{name}` must be one of {allowed}, got {value!r}")
    return value
