"""Names of the activation table (no SymPy import: the CLI parser reads them)."""
from __future__ import annotations

__all__ = ["NAMES"]

#: The names accepted by ``--activation NAME[:PARAM]`` (see ``catalogue.ACTIVATIONS``).
NAMES = ("relu", "leaky_relu", "linear", "abs", "tanh", "erf", "gelu", "silu", "softplus",
         "poly")
