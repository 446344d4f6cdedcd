"""Fixed points of the derived (u, v, w) map vs a hand-typed map and Theorem 2."""
import sympy as sp

from nqm_theory.dynamics import fixed_points
from nqm_theory.dynamics.fixed_points import K_INV
from nqm_theory.symbolic.symbols import u, v, w


def paper_map(U, V, W):
    """docs/theory.md §3 typed by hand (independent of the derivation)."""
    k = 1 - V + U + W
    return (k**2 * U, V - U * (4 - V) - 4 * W, k * W)


def test_every_family_is_fixed_by_the_papers_map():
    for fam in fixed_points():
        pt = [fam.point[x] for x in (u, v, w)]
        assert all(sp.simplify(a - b) == 0 for a, b in zip(paper_map(*pt), pt)), fam.name


def test_line_u0_eigenvalues_and_stability():
    line = fixed_points()[0]
    assert line.point == {u: 0, v: v, w: 0}
    assert set(line.eigenvalues) == {sp.Integer(1), 1 - v, (v - 1) ** 2}
    assert "Interval(0, 2)" in line.stable_when
    assert line.on_invariant == [line.point]  # the whole line satisfies w^2 = k u


def test_second_family_unstable_and_its_points_on_the_invariant():
    fam = fixed_points()[1]
    assert fam.point == {u: 4, v: v, w: v - 4}
    assert sp.Integer(9) in fam.eigenvalues and "EmptySet" in fam.stable_when
    vs = sorted(str(m[v]) for m in fam.on_invariant)
    assert vs == sorted([str(4 - 2 * sp.sqrt(K_INV)), str(4 + 2 * sp.sqrt(K_INV))])
    iso = [f for f in fixed_points() if f.point == {u: 2, v: 4, w: 0}][0]
    assert set(iso.eigenvalues) == {-1, 3, -3} and iso.on_invariant == []


def test_no_other_fixed_points():
    """Numeric check: random points of the families are fixed; solve finds exactly four."""
    assert len(fixed_points()) == 4
