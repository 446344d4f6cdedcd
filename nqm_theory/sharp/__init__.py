"""Sharp theory of the one-example map (docs/theory.md §§3-4): invariants, exact edges, the
infinite-width limit law, and certified regimes (issue #13)."""
