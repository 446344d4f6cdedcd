"""The :class:`Edge` result of :func:`nqm_theory.sharp.edges.exact_edges` (a leaf module,
shared with :mod:`nqm_theory.sharp.band`)."""
from __future__ import annotations

from dataclasses import dataclass

import mpmath

__all__ = ["Edge"]


@dataclass(frozen=True)
class Edge:
    """One edge in eta*lam0.

    Attributes
    ----------
    value : str
        The edge with up to 40 significant digits (all correct for closed forms and
        40-digit roots; float64 bisection: about 15); ``"inf"`` when no rate reaches it,
        ``"none"`` when the edge does not exist (no rate gives a catapult).
    status : str
        ``proven`` / ``certified`` / ``measured``.
    justification : str
        One line: why.
    below, above : str
        Regimes of the certified (or measured) runs at value * (1 -+ 1e-13).
    """

    value: str
    status: str
    justification: str
    below: str = ""
    above: str = ""

    def __float__(self):
        return float("nan") if self.value == "none" else float(mpmath.mpf(self.value))

    def number(self):
        """The edge as a float for JSON: ``None`` when it does not exist."""
        return None if self.value == "none" else float(self)
