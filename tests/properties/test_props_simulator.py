"""Property of the parameter-space simulator: Proposition 9 (docs/theory.md §5)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from nqm_theory.theorems.several import Proposition9, SimCase


@settings(max_examples=15)
@given(st.integers(20, 400), st.integers(0, 10 ** 6), st.floats(0.3, 4.6),
       st.sampled_from(["quad", "net"]))
def test_proposition9_loss_orthogonal_to_p1_p2_is_frozen(m, seed, eta_lam1, kind):
    res = Proposition9().evaluate(SimCase(m, seed, eta_lam1=eta_lam1, kind=kind))
    assert res.paper.ok, res.paper
