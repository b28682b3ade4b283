"""The package layout: one folder per feature, dependencies pointing one way.

Read from the source with ``ast`` (nothing is imported), so a cycle or a
wrong-way import fails here before it can bite at start-up.
"""
from __future__ import annotations

import ast
import os

import pytest

import ckanext.thainguyen as package

ROOT = os.path.dirname(os.path.abspath(package.__file__))
PACKAGE = "ckanext.thainguyen"
MAX_LINES = 400

# What each top-level part of the package may import from the package.
ALLOWED = {
    "core": {"core"},
    "catalogue": {"core", "catalogue"},
    "access": {"core", "catalogue", "access"},
    "contest": {"core", "contest"},
    "science": {"core", "science"},
    "dcat": {"core", "catalogue", "dcat"},
    "migration": {"core"},
    "plugin": {"core", "catalogue", "access", "contest", "science", "dcat", "i18n"},
}


def _modules() -> dict[str, str]:
    found = {}
    for folder, _dirs, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                module = PACKAGE + ("" if rel == "__init__" else "." + rel.removesuffix(".__init__"))
                found[module] = path
    return found


MODULES = _modules()


def _imports(module: str, path: str) -> list[tuple[str, list[str]]]:
    """(imported module, names) for every import of the package in ``path``, at any depth."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    is_package = path.endswith("__init__.py")
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                parts = parts if is_package else parts[:-1]
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            names = [alias.name for alias in node.names]
            # ``from pkg import module`` imports the module.
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            result.extend((sub, []) for sub in submodules)
            result.append((base, [n for n in names if f"{base}.{n}" not in MODULES]))
    return [(target, names) for target, names in result
            if target == PACKAGE or target.startswith(PACKAGE + ".")]


def _part(module: str) -> str:
    rest = module[len(PACKAGE) + 1:]
    return rest.split(".")[0] if rest else ""


GRAPH = {module: {target for target, _ in _imports(module, path) if target in MODULES}
         for module, path in MODULES.items()}


def test_every_module_stays_small():
    long = {module: n for module, path in MODULES.items()
            if (n := sum(1 for _ in open(path, encoding="utf-8"))) > MAX_LINES}
    assert not long


def test_dependencies_point_one_way():
    wrong = []
    for module, path in MODULES.items():
        part = _part(module)
        allowed = ALLOWED.get(part)
        if allowed is None:
            continue
        for target, _ in _imports(module, path):
            if _part(target) not in allowed | {""}:
                wrong.append(f"{module} -> {target}")
    assert not wrong


def test_no_private_name_is_imported_across_modules():
    private = [f"{module}: {target}.{name}"
               for module, path in MODULES.items()
               for target, names in _imports(module, path)
               for name in names if name.startswith("_") and name != "__version__"]
    private += [f"{module} -> {target}" for module, targets in GRAPH.items() for target in targets
                if any(part.startswith("_") and part != "__init__" for part in target.split("."))]
    assert not private


def test_no_import_cycle():
    cycles = []
    state: dict[str, str] = {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target == PACKAGE:
                continue
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles


@pytest.mark.parametrize("feature", ["catalogue", "access", "contest", "science"])
def test_features_use_the_same_file_names(feature):
    names = {name.removesuffix(".py") for name in os.listdir(os.path.join(ROOT, feature))}
    # Each feature keeps its actions, auth, validators, views and helpers in
    # modules (or packages) of these names.
    assert {"action", "auth", "validators", "views", "helpers"} <= names
