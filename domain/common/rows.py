"""Read-only rows for listed pages: each column is converted the first time it is read.

A page of 100 alumni shows a handful of each row's columns, but a Tortoise model converts
all of them up front (ids to UUIDs, timestamps, enums): most of the page's database time.
A `LazyRow` keeps the driver's row and converts a column when it is read, with the same
conversion the model would apply, so it reads exactly like the model's attributes and
properties. It has no methods: lists read rows, mutations load models.
"""

from collections.abc import Callable
from functools import cache
from typing import Any
from uuid import UUID

from tortoise.fields.data import UUIDField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.common.ids import uuid_from_text

Converter = Callable[[Any], Any]


class LazyRow:
    """A row of one model, with related rows (`select_related`) as attributes."""

    def __init__(
        self, model: type[Model], raw: Any, columns: dict[str, tuple[str, Converter]]
    ) -> None:
        self._model = model
        self._raw = raw
        self._columns = columns

    def __getattr__(self, name: str) -> Any:
        # Only called for what is not yet in the instance's __dict__: each column once.
        try:
            key, convert = self._columns[name]
        except KeyError:
            derived = getattr(self._model, name, None)
            if isinstance(derived, property):
                return derived.fget(self)  # e.g. TrackedModel.created_by, from the columns
            raise AttributeError(name) from None
        value = self._raw[key]
        if value is not None:
            value = convert(value)
        self.__dict__[name] = value
        return value


def _identity(value: Any) -> Any:
    return value


def _uuid(value: Any) -> UUID:
    # SQLite gives text (made into a UUID once per process), PostgreSQL a UUID already.
    return uuid_from_text(value) if type(value) is str else value


def _columns(model: type[Model], prefix: str) -> dict[str, tuple[str, Converter]]:
    """Attribute → (the driver row's key, its conversion), as Model._init_from_db does it."""
    # Which columns arrive converted depends on the database the models were set up for.
    return _columns_for(model, prefix, model._meta.db.capabilities.dialect)


@cache
def _columns_for(model: type[Model], prefix: str, dialect: str) -> dict[str, tuple[str, Converter]]:
    meta = model._meta
    columns: dict[str, tuple[str, Converter]] = {}
    for key, name, _ in meta.db_native_fields:
        columns[name] = (prefix + key, _identity)
    for key, name, field in meta.db_default_fields:
        columns[name] = (prefix + key, field.field_type)
    for key, name, field in meta.db_complex_fields:
        convert = _uuid if isinstance(field, UUIDField) else field.to_python_value
        columns[name] = (prefix + key, convert)
    return columns


async def lazy_rows(queryset: QuerySet, related: tuple[str, ...] = ()) -> list[LazyRow]:
    """The queryset's rows as LazyRows, each `related` name (a to-one relation) as a LazyRow
    attribute, or None where the row has none (as the model gives it). The query is the
    queryset's own SQL, run as Tortoise runs it."""
    queryset = queryset.select_related(*related)
    # Tortoise's own execution steps, minus building the models (the version is pinned).
    queryset._choose_db_if_not_chosen()
    queryset._make_query()
    _, raw_rows = await queryset._db.execute_query(*queryset.query.get_parameterized_sql())
    model = queryset.model
    table = model._meta.db_table
    columns = _columns(model, "")
    related_models = {name: model._meta.fields_map[name].related_model for name in related}
    related_columns = {
        name: (their_model, _columns(their_model, f"{table}__{name}."))
        for name, their_model in related_models.items()
    }
    rows = []
    for raw in raw_rows:
        row = LazyRow(model, raw, columns)
        for name, (their_model, their_columns) in related_columns.items():
            key, _ = their_columns[their_model._meta.pk_attr]
            found = raw[key] is not None  # a LEFT JOIN that matched nothing
            row.__dict__[name] = LazyRow(their_model, raw, their_columns) if found else None
        rows.append(row)
    return rows


def placeholders(model: type[Model], count: int, start: int = 1) -> str:
    """`count` parameter markers in the style of the model's database: `?` or `$n`."""
    if model._meta.db.capabilities.dialect == "postgres":
        return ", ".join(f"${number}" for number in range(start, start + count))
    return ", ".join("?" * count)


async def fetch(model: type[Model], sql: str, values: list[Any]) -> list[Any]:
    """Rows of a hand-written query on the model's database, as the driver returns them
    (indexable by position; ids, dates and timestamps as text on SQLite)."""
    _, rows = await model._meta.db.execute_query(sql, values)
    return list(rows)
