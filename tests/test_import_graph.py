"""The project's import graph, read statically: no cycles, one direction, no demo in production.

Every `import` and `from ... import` in the project's own modules counts, including those
inside functions (a lazy import still ties two modules together); imports under
`if TYPE_CHECKING:` do not, since they never run. Run this file as a script to print the
package-level graph.
"""

from __future__ import annotations

import ast
import collections
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("store", "crawlers", "classifier", "alerts", "web", "demo", "bench")
MODULES = ("cli", "worker", "settings", "demo")
PRODUCTION = ("store", "crawlers", "classifier", "alerts", "web", "worker", "cli", "settings")
# What each production package may import, besides itself and `settings`; the house's
# direction is store <- crawlers, classifier, alerts <- web, cli, worker.
ALLOWED = {
    "store": set(),
    "crawlers": {"store"},
    "classifier": {"store"},
    "alerts": {"store"},
    "web": {"store", "alerts", "classifier", "crawlers"},
    "worker": {"store", "crawlers", "classifier", "alerts"},
    "cli": {"store", "crawlers", "classifier", "alerts", "web", "worker", "demo"},
    "settings": set(),
}

Graph = dict[str, set[str]]


def module_files(root: pathlib.Path = ROOT) -> dict[str, pathlib.Path]:
    """Dotted module name -> file, for the project's own packages and top-level modules."""
    found = {name: root / f"{name}.py" for name in MODULES if (root / f"{name}.py").exists()}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in the tree, except under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        pending.extend(ast.iter_child_nodes(node))
    return found


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop] if drop else base
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    source = _absolute(module, node, is_package)
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def _own(name: str, known: set[str]) -> str | None:
    """The project module `name` refers to (itself or its nearest known parent), if any."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def build_graph(root: pathlib.Path = ROOT) -> Graph:
    """Module -> the project modules it imports (module level or inside functions)."""
    files = module_files(root)
    known = set(files)
    graph: Graph = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(module, node, is_package):
                own = _own(target, known)
                if own and own != module:
                    edges.add(own)
        graph[module] = edges
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components, each sorted, larger than one module only."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return components


def describe_cycle(graph: Graph, component: list[str]) -> str:
    """One path round the component, e.g. `a -> b -> a`, for the failure message."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    node = start
    while True:
        nxt = next(n for n in sorted(graph[node]) if n in members)
        path.append(nxt)
        if nxt in seen:
            break
        seen.add(nxt)
        node = nxt
    first = path.index(path[-1])
    return " -> ".join(path[first:])


def top_level(module: str) -> str:
    """The package (or top-level module) a module belongs to."""
    return module.split(".")[0]


def package_graph(graph: Graph) -> dict[str, set[str]]:
    """Top-level package -> the other top-level packages it imports."""
    packages: dict[str, set[str]] = collections.defaultdict(set)
    for module, targets in graph.items():
        packages[top_level(module)].update(top_level(t) for t in targets)
    return {name: targets - {name} for name, targets in sorted(packages.items())}


def importers_of(graph: Graph, package: str, among: tuple[str, ...]) -> list[str]:
    """`module -> target` for each module in `among` that imports anything in `package`."""
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        if top_level(module) in among
        for target in targets
        if top_level(target) == package
    )


# ---------------------------------------------------------------- tests


def test_there_are_no_import_cycles() -> None:
    graph = build_graph()
    cycles = [describe_cycle(graph, component) for component in strongly_connected(graph)]
    assert not cycles, "import cycles (break each so imports flow one way):\n" + "\n".join(cycles)


def test_production_code_never_imports_demo() -> None:
    among = ("store", "crawlers", "classifier", "alerts", "web", "worker", "settings")
    assert importers_of(build_graph(), "demo", among) == []


def test_packages_import_in_the_house_direction() -> None:
    packages = package_graph(build_graph())
    wrong = {
        name: sorted(packages.get(name, set()) - allowed - {"settings"})
        for name, allowed in ALLOWED.items()
    }
    assert {name: bad for name, bad in wrong.items() if bad} == {}


def test_the_checker_finds_a_cycle_through_a_function_level_import(tmp_path) -> None:
    package = tmp_path / "store"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from store import b\n")
    (package / "b.py").write_text("def f():\n    from store.a import thing\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from store import a\n"
    )
    graph = build_graph(tmp_path)
    assert strongly_connected(graph) == [["store.a", "store.b"]]
    assert describe_cycle(graph, ["store.a", "store.b"]) == "store.a -> store.b -> store.a"


def test_the_checker_resolves_relative_imports(tmp_path) -> None:
    package = tmp_path / "web"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "app.py").write_text("from .pages import x\n")
    (package / "pages.py").write_text("from . import app\n")
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("from ..app import y\n")
    graph = build_graph(tmp_path)
    assert graph["web.sub"] == {"web.app"}
    assert graph["web.pages"] == {"web", "web.app"}
    assert strongly_connected(graph) == [["web.app", "web.pages"]]


if __name__ == "__main__":
    for name, targets in package_graph(build_graph()).items():
        print(f"{name:11} imports {', '.join(sorted(targets)) or '(nothing of ours)'}")
    for component in strongly_connected(build_graph()):
        print("cycle:", describe_cycle(build_graph(), component))
