"""Two-layer networks with any activation: NQM, exact reduction, limit, window (issue 11)."""
