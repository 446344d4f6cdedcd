"""compile_map validates its arguments at construction and names what is wrong."""
import pytest
import sympy as sp

from nqm_theory.maps import MapError, compile_map

x, y, r = sp.symbols("x y r")


@pytest.mark.parametrize("state,params,update,match", [
    (["x"], [], [x], "`state` must hold sympy Symbols"),
    ((x,), ("r",), (x,), "`params` must hold sympy Symbols"),
    ((x,), (), ("x**2",), "strings are never parsed"),
    ((x,), (), (x * y,), "undeclared symbol"),
    ((x,), (), (sp.sin(x),), "sin"),
    ((x,), (), (sp.sqrt(x),), "polynomial or rational function of the state"),
    ((x,), (r,), (sp.exp(x) * r,), "exp"),
    ((x,), (), (x, x), "one expression per state symbol"),
    ((), (), (), "at least one symbol"),
    ((x,), (x,), (x,), "distinct names"),
    ((x,), (), (x / 0,), "not finite"),
    ((x,), (r,), (sp.besselj(0, r) * x,), "besselj"),
    ((x,), (), "x", "sequence of sympy expressions"),
])
def test_bad_maps_are_refused_with_the_argument_named(state, params, update, match):
    with pytest.raises(MapError, match=match):
        compile_map(state, params, update, jit=False)


def test_functions_of_parameters_are_allowed_but_not_exact():
    m = compile_map((x,), (r,), (sp.sqrt(r) * x * (1 - x),), name="sqrt-logistic", jit=False)
    assert not m.rational and m.degree == 2
    with pytest.raises(MapError, match="exact"):
        m.orbit([0.5], [4], steps=1, precision="exact")
    orb = m.orbit([0.5], [4.0], steps=1)
    assert orb.states[1, 0] == 2.0 * 0.5 * 0.5


def test_rational_map_facts():
    m = compile_map((x, y), (r,), (x / (1 + y * y), r * x - y / 3), jit=False)
    assert m.rational and not m.polynomial and m.degree == 2 and m.coeff_bits == 2


def test_a_map_that_raises_at_the_trial_point_is_refused():
    # 1/(x - x) is 1/0 symbolically; a genuine pole everywhere
    with pytest.raises(MapError):
        compile_map((x,), (), (1 / (x - x),), jit=False)


def test_params_by_name_and_errors():
    m = compile_map((x,), (r,), (r * x,), jit=False)
    assert m.param_values({"r": 2}) == (2,) and m.param_values({r: 3}) == (3,)
    with pytest.raises(MapError, match="missing"):
        m.param_values({})
    with pytest.raises(MapError, match="1 value"):
        m.param_values([1, 2])
