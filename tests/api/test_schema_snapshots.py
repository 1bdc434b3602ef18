"""The schema and its field permissions, compared with committed snapshots.

A change to the API shows up in review as a diff of `schema.graphql` and of
`tests/snapshots/field_permissions.json` ("Type.field" → the role rule and the scope an app
token needs: the role × scope matrix; an unguarded field appears with an empty list).
After an intended change, rewrite both with

    KIZUNA_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_schema_snapshots.py

and commit the result.
"""

import difflib
import json
import os
from pathlib import Path

import pytest
import strawberry
from graphql import GraphQLObjectType

from schema.common.permissions import guard_of
from schema.schema import build_schema

ROOT = Path(__file__).resolve().parents[2]
SDL_FILE = ROOT / "schema.graphql"
PERMISSIONS_FILE = ROOT / "tests" / "snapshots" / "field_permissions.json"
UPDATE = os.environ.get("KIZUNA_UPDATE_SNAPSHOTS") == "1"
UPDATE_HINT = (
    "If the change is intended, rewrite the snapshots with\n"
    "    KIZUNA_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_schema_snapshots.py\n"
    "and commit them."
)

# Types whose every field must declare a permission.
GUARDED_TYPES = (
    "Person",
    "AlumniProfile",
    "EmploymentPeriod",
    "OAuthApp",
    "Offboarding",
    "ExitInterview",
    "ExitAnalytics",
    "JobOpening",
    "Referral",
    "RehireApplication",
    "RehirePolicy",
    "Query",
    "Mutation",
)


def rule_of(permission: object) -> str:
    rule = getattr(permission, "rule", type(permission).__name__)
    scope = getattr(permission, "scope", None)
    return rule if scope is None else f"{rule} · {scope.value}"


def field_permissions(schema: strawberry.Schema) -> dict[str, list[str]]:
    """ "Type.field" → the rules of the permissions declared on it, for every object type."""
    found: dict[str, list[str]] = {}
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = schema.get_type_by_name(type_name)
        names = set()
        for field in definition.fields:
            name = schema.config.name_converter.from_field(field)
            names.add(name)
            guard = guard_of(field)
            found[f"{type_name}.{name}"] = [] if guard is None else [rule_of(guard)]
        assert names == set(graphql_type.fields), f"{type_name}: fields not all read"
    return dict(sorted(found.items()))


def sdl(schema: strawberry.Schema) -> str:
    """The SDL without trailing spaces (blank lines inside descriptions have some), so that
    an editor that strips them does not break the snapshot; the schema it reads is the same."""
    return "".join(line.rstrip() + "\n" for line in schema.as_str().splitlines())


def permissions_json(schema: strawberry.Schema) -> str:
    return json.dumps(field_permissions(schema), indent=2, ensure_ascii=False) + "\n"


def check_snapshot(path: Path, current: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(current, encoding="utf-8")
        return
    name = path.relative_to(ROOT)
    if not path.exists():
        pytest.fail(f"{name} is missing.\n{UPDATE_HINT}", pytrace=False)
    committed = path.read_text(encoding="utf-8")
    if committed != current:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile=f"{name} (committed)",
                tofile=f"{name} (current schema)",
            )
        )
        pytest.fail(f"The schema no longer matches {name}:\n{diff}\n{UPDATE_HINT}", pytrace=False)


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema()


def test_sdl_matches_the_snapshot(schema):
    check_snapshot(SDL_FILE, sdl(schema))


def test_field_permissions_match_the_snapshot(schema):
    check_snapshot(PERMISSIONS_FILE, permissions_json(schema))


def test_the_production_schema_is_the_same(schema):
    assert sdl(build_schema(production=True)) == sdl(schema)


def test_every_field_of_the_guarded_types_declares_a_permission(schema):
    unguarded = [
        key
        for key, rules in field_permissions(schema).items()
        if key.split(".")[0] in GUARDED_TYPES and not rules
    ]
    assert unguarded == [], "declare a permission (schema.common.permissions.guarded) on these"


def test_plain_guarded_fields_of_listed_types_are_attributes(schema):
    """Listed pages read these fields as attributes that check their guard (see
    schema.common.permissions.guarded_type); only fields needing `info` keep a resolver."""
    kept_resolvers = {}
    for type_name in ("Person", "AlumniProfile", "EmploymentPeriod", "Department"):
        definition = schema.get_type_by_name(type_name)
        kept_resolvers[type_name] = sorted(
            field.python_name for field in definition.fields if field.base_resolver is not None
        )
        assert all(guard_of(field) is not None for field in definition.fields), type_name
    assert kept_resolvers == {
        "Person": ["consent_history", "offboarding", "touchpoints"],
        "AlumniProfile": [],
        "EmploymentPeriod": ["manager"],
        "Department": [],
    }
