"""Helpers shared by CLI subcommands: number parsing and JSON output."""
from __future__ import annotations

import json
import math
import sys
from fractions import Fraction

from .._validate import NQMValueError

__all__ = ["parse_number", "print_json"]


def parse_number(flag: str, text) -> Fraction:
    """Parse a decimal string exactly (``Fraction("0.1") == 1/10``); never ``eval``.

    Raises NQMValueError naming ``flag`` for anything that is not a finite number.
    """
    if isinstance(text, (int, Fraction)):
        return Fraction(text)
    try:
        return Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise NQMValueError(f"`{flag}` must be a finite number, got {text!r}") from None


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
