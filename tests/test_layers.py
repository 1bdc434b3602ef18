"""The import direction of the design: domain ← integrations/auth ← resolvers ← schema ← kizuna."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Packages each layer may not import (a layer may import those below it).
FORBIDDEN = {
    "domain": {
        "strawberry",
        "starlette",
        "graphql",
        "uvicorn",
        "httpx",
        "auth",
        "integrations",
        "resolvers",
        "schema",
        "kizuna",
    },
    "integrations": {"strawberry", "resolvers", "schema", "kizuna"},
    "auth": {"strawberry", "resolvers", "schema", "kizuna"},
    "resolvers": {"schema", "kizuna"},
    "schema": {"kizuna"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[layer])
        for path in sorted((ROOT / layer).rglob("*.py"))
    }
    assert {file: names for file, names in offenders.items() if names} == {}


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import strawberry\nfrom starlette.requests import Request\n")
    assert imported_roots(module) == {"strawberry", "starlette"}
