"""docs/theory.md §5 Proposition 9: the loss orthogonal to p1, p2 never changes."""
from __future__ import annotations

from ._core import verdict
from ._multi import WHERE, checks

NAME = "prop9"
LOC = "docs/theory.md §5 Proposition 9"


def check():
    ch = checks()
    return [verdict(ch["prop9_orthogonal_frozen"], NAME, "orthogonal residual frozen",
                    "the loss projected on every direction orthogonal to p1, p2 never changes",
                    WHERE + ": (I - P_span{p1,p2}) (g(t+1) - g(t)) == 0, so the orthogonal "
                    "residual (-y projected) is constant", LOC)]
