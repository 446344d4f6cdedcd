"""Activations: the fixed table, parameters with bounded cost, user expressions, derivatives."""
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from nqm_theory._validate import NQMValueError
from nqm_theory.activations.catalogue import (ACTIVATIONS, custom_activation, make_activation,
                                              parse_activation)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivatives_match_finite_differences(name):
    act = make_activation(name)
    zz = np.array([-1.7, -0.4, 0.3, 1.1, 2.5])   # away from kinks
    h = 1e-5
    s0, s1, s2 = act.derivatives(zz)
    f = lambda t: act.derivatives(t)[0]            # noqa: E731
    assert np.allclose(s1, (f(zz + h) - f(zz - h)) / (2 * h), rtol=1e-7, atol=1e-9)
    assert np.allclose(s2, (f(zz + h) - 2 * s0 + f(zz - h)) / h**2, rtol=1e-3, atol=1e-4)


def test_reference_values():
    zz = np.array([-1.0, 0.5])
    assert np.allclose(make_activation("relu").derivatives(zz)[0], [0, 0.5])
    assert np.allclose(make_activation("abs").derivatives(zz)[0], [1, 0.5])
    assert np.allclose(make_activation("softplus").derivatives(zz)[0], np.log1p(np.exp(zz)))
    from scipy.special import erf
    assert np.allclose(make_activation("gelu").derivatives(zz)[0],
                       zz * (1 + erf(zz / np.sqrt(2))) / 2)
    assert make_activation("relu").derivatives(np.array([0.0]))[1][0] == 1.0   # 1{z >= 0}


def test_exact_values_and_flags():
    act = make_activation("leaky_relu", Fraction(-1, 3))
    assert act.piecewise_linear and act.exact
    assert act.exact_derivatives(Fraction(-3, 2)) == (Fraction(1, 2), Fraction(-1, 3), 0)
    poly = make_activation("poly", Fraction(2))
    assert poly.exact and not poly.piecewise_linear
    assert poly.exact_derivatives(Fraction(1, 2)) == (Fraction(1), Fraction(3), Fraction(4))
    tanh = make_activation("tanh")
    assert not tanh.exact and not tanh.piecewise_linear
    with pytest.raises(NQMValueError, match="not rational"):
        tanh.exact_derivatives(Fraction(1))


@pytest.mark.parametrize("text,msg", [
    ("swish", "must be one of"), ("leaky_relu:2", r"in \[-1, 1\]"),
    ("leaky_relu:1e999999999", "exponent"), ("leaky_relu:__import__('os')", "number like"),
    ("relu:1", "takes no parameter"), ("poly:1/0", "zero denominator"),
    ("leaky_relu:" + "9" * 40, "at most 20 digits")])
def test_bad_names_and_parameters(text, msg):
    with pytest.raises(NQMValueError, match=msg):
        parse_activation(text)


def test_parse_forms():
    assert parse_activation("leaky_relu:1/4").param == Fraction(1, 4)
    assert parse_activation("leaky_relu:-2.5e-1").param == Fraction(-1, 4)
    assert parse_activation("poly").param == Fraction(1, 2)


def test_custom_activation():
    t = sp.Symbol("t")
    act = custom_activation(sp.sin(t) + t**2 / 3)
    assert np.allclose(act.derivatives(np.array([0.7]))[2], -np.sin(0.7) + 2 / 3)
    with pytest.raises(NQMValueError, match="strings"):
        custom_activation("sin(x)")
    with pytest.raises(NQMValueError, match="exactly one symbol"):
        custom_activation(sp.Integer(3))
    with pytest.raises(NQMValueError, match="not finite"):
        custom_activation(1 / t)
    with pytest.raises(NQMValueError, match="twice differentiable"):
        custom_activation(sp.Function("h")(t))
