"""No module of nqm_theory imports another that imports it back (module- or function-level).

The graph is read from the source (``ast``): an edge A -> B for every ``import``/``from``
statement in A, anywhere in the file, that names module B of the package (a package's
``__init__`` counts as the package).  Cycles through lazily imported modules are cycles
too: they tie the modules together just the same.
"""
import ast
from pathlib import Path

import nqm_theory

ROOT = Path(nqm_theory.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(mod: str, is_pkg: bool, node) -> list:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = mod if is_pkg else mod.rsplit(".", 1)[0]
    for _ in range(max(node.level - 1, 0)):
        base = base.rsplit(".", 1)[0]
    target = (base + "." + node.module) if node.level and node.module else (
        base if node.level else node.module)
    return [target] + [f"{target}.{a.name}" for a in node.names]


def import_graph() -> dict:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph = {}
    for mod, path in modules.items():
        tree = ast.parse(path.read_text())
        is_pkg = path.name == "__init__.py"
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _resolve(mod, is_pkg, node):
                    if name in modules and name != mod:
                        deps.add(name)
        graph[mod] = deps
    return graph


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(import_graph()) == []


def test_the_checker_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
