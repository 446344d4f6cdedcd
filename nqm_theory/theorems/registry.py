"""Registry of every claim of docs/theory.md and the sweep runner behind ``nqm-theory verify``.

Examples
--------
>>> from nqm_theory.theorems import CLAIMS, verify
>>> len(CLAIMS)
30
>>> [v.status.value for v in verify(["Theorem 2"])]
['holds-corrected']
"""
from __future__ import annotations

from .._validate import NQMValueError
from .activations import activation_claims
from .edges import ExactEdges
from .equilibria import Theorem2
from .kernel_sign import MonotoneKernelDecrease, Proposition2, Theorem5
from .one_example import CriticalRates, Theorem1, Theorem4
from .phases import Lemma1, Lemma2, Proposition1, Proposition3, Proposition4, Proposition5
from .several import Proposition6, Proposition7, Proposition8, Proposition9
from .several_gd import Proposition10, Theorem3

__all__ = ["CLAIMS", "get_claim", "verify", "claim_names"]

#: Every claim, keyed by the paper's name, in the order of docs/theory.md; then the window
#: claims per activation (issue 11, :mod:`nqm_theory.theorems.activations`).
CLAIMS = {c.name: c for c in (
    CriticalRates(), ExactEdges(), Theorem1(), Lemma1(), Lemma2(), Proposition1(), Proposition2(),
    Proposition3(), Proposition4(), Proposition5(), Theorem2(), Theorem4(), Theorem5(),
    Proposition6(), MonotoneKernelDecrease(), Proposition7(), Proposition8(),
    Proposition9(), Theorem3(), Proposition10(), *activation_claims())}


def claim_names() -> list:
    """Names accepted by :func:`get_claim` (the paper's names)."""
    return list(CLAIMS)


def get_claim(name: str):
    """The claim called ``name`` (case-insensitive; 'Prop 9' and 'Thm 1' also work)."""
    import re
    key = " ".join(str(name).strip().split()).lower()
    key = re.sub(r"([a-z.])(\d)", r"\1 \2", key)
    key = key.replace("prop.", "proposition").replace("thm.", "theorem")
    for short, full in (("prop ", "proposition "), ("thm ", "theorem "), ("lem ", "lemma ")):
        if key.startswith(short):
            key = full + key[len(short):]
    for n, c in CLAIMS.items():
        if n.lower() == key:
            return c
    raise NQMValueError(f"`claims` must be names from: {', '.join(CLAIMS)}; got {name!r}")


def verify(claims=None, widths=None, *, map=None) -> list:
    """Check the named claims (default: all) over ``widths`` (default 1e2..1e12).

    Returns a list of :class:`~nqm_theory.theorems.Verdict`, in registry order.
    ``widths`` only affects the one-example claims; simulator claims use their own sizes.
    ``map`` replaces the derived one-example map in the claims that run it.
    """
    if isinstance(claims, str):
        claims = [claims]
    chosen = list(CLAIMS.values()) if not claims else [get_claim(n) for n in claims]
    if widths is not None:
        from .._validate import check_real
        if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
            raise NQMValueError(f"`widths` must be a sequence of widths in (2, 1e15], "
                                f"got {widths!r}")
        widths = [float(check_real("widths", m, gt=2, le=1e15)) for m in widths]
        if not widths:
            raise NQMValueError("`widths` must hold at least one width in (2, 1e15]")
    return [c.check(widths, map=map) for c in chosen]
