"""Numeric core: iteration of the derived maps in float64, mpmath and exact rationals."""
