"""Theorem 3 check on a small d = 1 configuration (docs/theory.md §5)."""
from nqm_theory.experiments.fig3 import Fig3Config
from nqm_theory.multi.theorem3 import expected_zone, theorem3_check


def test_theorem3_small_config():
    cfg = Fig3Config(n=32, width=2000, steps=2000, seed=0)
    chk = theorem3_check(cfg)
    assert chk.passed
    zones = [r.zone for r in chk.rows]
    assert "sub" in zones and "p1_only" in zones and "divergent" in zones


def test_expected_zone():
    assert expected_zone(0.5, 2.0, 1.0) == "sub"
    assert expected_zone(1.5, 2.0, 1.0) == "p1_only"
    assert expected_zone(2.1, 2.0, 1.5) == "divergent"
