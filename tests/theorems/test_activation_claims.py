"""Window claims per activation: verdicts, witnesses, and that they can fail."""
from dataclasses import replace

from nqm_theory.theorems import get_claim, verify
from nqm_theory.theorems.activations import ActivationWindow


def test_relu_holds_and_tanh_needs_the_correction():
    relu, tanh = verify(["window (relu)", "window (tanh)"])
    assert relu.status == "holds" and relu.failures == 0 and relu.cases == 4
    assert tanh.status == "holds-corrected" and tanh.failures > 0
    assert tanh.corrected_failures == 0 and tanh.witness.margin < 0
    assert "divergent, expected catapult" in tanh.witness.what
    assert 3.0 < tanh.witness.measured < 3.7


def test_claims_can_fail():
    # (almost) no eps margin: eta*lam0 = eps ~ 1e-4 does not converge within the budget and
    # the rates next to 2 and 4 leave their regimes: both versions fail (status "fails")
    strict = replace(ActivationWindow("relu", widths_=(256,), seeds=(0,)), K=3e-4)
    v = strict.check()
    assert v.status == "fails" and v.corrected_failures > 0


def test_names_resolve():
    assert get_claim("Window (Leaky_ReLU)").activation == "leaky_relu"
