"""The derived maps as CompiledMaps: the disk-cached derivation is the derivation itself."""
import json

import sympy as sp

from nqm_theory.symbolic import maps as smaps
from nqm_theory.symbolic.derive import derive_one_example


def test_one_example_map_is_the_derived_map_symbol_for_symbol():
    M = smaps.one_example_map()
    assert M.update == derive_one_example().uvw_map.next_state   # structurally identical
    assert M.params == () and M.degree == 3 and M.rational


def test_direction_map_from_the_several_example_reduction_equals_it():
    A, B = smaps.one_example_map(), smaps.direction_map()
    assert [sp.expand(a - b) for a, b in zip(A.update, B.update)] == [0, 0, 0]


def test_cached_expression_round_trip_and_damage(tmp_path, monkeypatch):
    from nqm_theory.symbolic.symbols import u, v, w
    monkeypatch.setenv("NQM_THEORY_CACHE_DIR", str(tmp_path))
    calls = []

    def derive():
        calls.append(1)
        return derive_one_example().uvw_map.next_state

    first = smaps._cached("probe", (u, v, w), derive)
    again = smaps._cached("probe", (u, v, w), derive)
    assert calls == [1] and first == again                       # read back, not re-derived
    (path,) = (tmp_path / "derived").glob("probe_*.json")
    data = json.loads(path.read_text())
    data["update"][1] = ["S", "v"]                      # edited: v -> v, checksum mismatch
    path.write_text(json.dumps(data))
    assert smaps._cached("probe", (u, v, w), derive) == first and calls == [1, 1]
    path.write_text("not json")
    assert smaps._cached("probe", (u, v, w), derive) == first and calls == [1, 1, 1]
