"""Tests here set FLINT's global working precision (``ctx.prec``); restore it after each test
so that no other test (or doctest) silently runs at 200 bits."""
import pytest


@pytest.fixture(autouse=True)
def _restore_flint_precision():
    from flint import ctx
    old = ctx.prec
    yield
    ctx.prec = old
