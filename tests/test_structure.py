"""The package's shape: no import cycle, and readers never import writers.

Every import counts, the ones inside functions too: an import deferred to
run time is still a dependency, and a cycle hidden that way is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The extractor modules a file imports (resolved to modules, not names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports for type checkers only are never executed
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING":
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:  # `from .readers import ocr` imports a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names]
            found |= {n for n in names if n and n.startswith("extractor")}
    return {m for m in found if m in MODULES and m != name}


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
GRAPH = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_there_is_no_import_cycle():
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for child in sorted(GRAPH[node]):
            if state.get(child) == "open":
                cycle = [*path[path.index(child):], child]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if child not in state:
                visit(child, [*path, child])
        state[node] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_readers_and_layout_never_import_outputs_or_semantics():
    for module, imported in GRAPH.items():
        if module.startswith(("extractor.readers", "extractor.layout", "extractor.model")):
            bad = {m for m in imported
                   if m.startswith(("extractor.outputs", "extractor.semantics.sections",
                                    "extractor.pipeline", "extractor.cli"))}
            assert not bad, f"{module} imports {bad}"


def test_the_model_imports_nothing_but_itself():
    for module, imported in GRAPH.items():
        if module.startswith("extractor.model"):
            assert all(m.startswith("extractor.model") for m in imported), (module, imported)
