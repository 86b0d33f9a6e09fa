"""The package's shape: each stage imports only what it may, no import cycle, rooms of a
readable size, and a pipeline that runs stages without parsing anything itself.

The allowed imports are README's "How it works" written as data: change one, change both.

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


# Each room of the package (a folder, or a top-level module) and the rooms it may import.
# Shared by all: the model, errors and version; the language (lexicon, from the spec's
# [locale]) and runtime services (limits, workers, file safety) below the stages.
SHARED = {"model", "errors", "version"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "version": set(),
    "runtime": {"errors"},
    "checks": {"model"},
    "spec": SHARED | {"checks"},  # a spec's check kinds are the registry's names
    "lexicon": SHARED | {"spec"},  # the words come from the spec's [locale]
    "readers": SHARED | {"lexicon", "runtime"},
    "layout": SHARED | {"lexicon", "runtime"},
    "document_reading": SHARED | {"readers", "layout"},
    "semantics": SHARED | {"lexicon", "runtime", "checks"},
    # a reviewer's decisions: read from CSV (control characters removed), applied to values
    "corrections": SHARED | {"runtime"},
    # readers: review crops; corrections: the name of the file the review page saves
    "outputs": SHARED | {"lexicon", "runtime", "spec", "readers", "corrections"},
    "report": SHARED | {"outputs"},
    "pipeline": SHARED | {"runtime", "spec", "readers", "layout", "document_reading",
                          "semantics", "checks", "corrections", "report"},
    "batch": SHARED | {"runtime", "readers", "pipeline", "report"},
    "cli": SHARED | {"runtime", "spec", "readers", "layout", "document_reading", "semantics",
                     "corrections", "pipeline", "report", "outputs", "batch"},
    "entry": {"cli", "runtime"},
    "__main__": {"entry"},
    "": {"version"},  # the package's __init__: its API names load lazily
}
MAX_LINES = 400


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_room_is_known():
    assert {room(m) for m in MODULES} == set(ALLOWED)


def violations(graph: dict[str, set[str]]) -> list[str]:
    return [f"{module} imports {other}" for module, imported in sorted(graph.items())
            for other in sorted(imported)
            if room(other) != room(module) and room(other) not in ALLOWED[room(module)]]


def test_each_stage_imports_only_what_it_may():
    bad = violations(GRAPH)
    assert not bad, "\n".join(bad)


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_the_pipeline_parses_nothing():
    """The pipeline runs stages: it reads no number and matches no pattern itself."""
    path = PACKAGE / "pipeline.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    assert "re" not in imported
    assert not any(m.startswith("extractor.lexicon") for m in GRAPH["extractor.pipeline"])


def test_the_model_imports_nothing_but_itself():
    for module, imported in GRAPH.items():
        if module.startswith("extractor.model"):
            assert all(m.startswith("extractor.model") for m in imported), (module, imported)


def test_the_rules_catch_a_stage_reaching_back():
    """Layout reaching into semantics, or a reader into layout, is caught; a stage's own
    rooms and the shared model are not."""
    graph = {"extractor.layout.rows": {"extractor.semantics.labels", "extractor.model.grid"},
             "extractor.readers.ocr": {"extractor.layout.lines", "extractor.readers.cache"}}
    assert violations(graph) == ["extractor.layout.rows imports extractor.semantics.labels",
                                 "extractor.readers.ocr imports extractor.layout.lines"]
