"""Rigorous interval-arithmetic prover over boxes (mpmath ``iv``).

``prove_positive(f, box)`` proves ``f(x) > 0`` (or ``>= 0``) for *every* point of the
box by bisection: a sub-box is settled when the interval enclosure of ``f`` on it lies
strictly above 0; otherwise it is split along its widest (relative) side.  A claim is
proven only if every sub-box settles within the budget; the unsettled boxes are returned
so a counterexample search can look inside them (:mod:`proofs_check._search`).
"""
from __future__ import annotations

from dataclasses import dataclass

from mpmath import iv, mpf

__all__ = ["BoxProof", "prove_positive"]


@dataclass(frozen=True)
class BoxProof:
    """Outcome of :func:`prove_positive`."""

    proven: bool
    boxes: int
    unsettled: tuple

    def summary(self, box) -> str:
        sides = ", ".join(f"{k} in [{float(a):.4g}, {float(b):.4g}]" for k, (a, b) in box.items())
        word = "proven" if self.proven else f"NOT proven ({len(self.unsettled)} boxes left)"
        return f"interval arithmetic (mpmath.iv) over {{{sides}}}: {word} with {self.boxes} sub-boxes"


def _split(box):
    def width(item):
        a, b = item[1]
        scale = max(abs(a), abs(b), mpf(1))
        return (b - a) / scale
    key, (a, b) = max(box.items(), key=width)
    mid = (a + b) / 2
    left, right = dict(box), dict(box)
    left[key], right[key] = (a, mid), (mid, b)
    return left, right


def prove_positive(f, box, *, strict=True, max_boxes=20000, keep=20):
    """Prove ``f > 0`` (``>= 0`` if not strict) on the whole box.

    Parameters
    ----------
    f : callable
        ``f(X)`` with ``X`` a dict name -> ``iv.mpf`` interval; returns an interval.
    box : dict
        name -> (lo, hi) with mpmath/float/int endpoints.

    Examples
    --------
    >>> prove_positive(lambda X: X["a"] * (2 - X["a"]) + 1, {"a": (0, 2)}).proven
    True
    """
    stack = [{k: (mpf(a), mpf(b)) for k, (a, b) in box.items()}]
    count, unsettled = 0, []
    iv.dps = 30
    while stack:
        b = stack.pop()
        count += 1
        X = {k: iv.mpf([lo, hi]) for k, (lo, hi) in b.items()}
        try:
            val = f(X)
            val = val if isinstance(val, iv.mpf) else iv.mpf(val)
            low = val.a
            ok = low > 0 if strict else low >= 0
        except (ZeroDivisionError, ValueError):
            ok = False
        if ok:
            continue
        if count + len(stack) >= max_boxes:
            unsettled.append(b)
            if len(unsettled) >= keep:
                return BoxProof(False, count, tuple(unsettled))
            continue
        stack.extend(_split(b))
    return BoxProof(not unsettled, count, tuple(unsettled))
