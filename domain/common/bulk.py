"""Inserting many rows with one statement, without building a model object per row."""

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from tortoise import fields
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model

from domain.common import clock

# Fields whose checked Python value is already what the database takes: skipping their
# to_db_value skips a validator call per cell (length checks the caller has made).
AS_IS = (fields.CharField, fields.TextField, fields.DateField, fields.DatetimeField,
         fields.IntField, fields.BooleanField)  # fmt: skip


async def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Inserts `rows` (field name → value, the id included) in one executemany.

    Constructing and validating a model object per row costs more than the insert itself, so
    the caller passes values it has already checked: strings within their lengths, aware
    datetimes, enum members. Other values go through the field's own `to_db_value`. Fields
    left out take their default; automatic timestamps take the clock's now.
    """
    if not rows:
        return
    db = model._choose_db(for_write=True)
    executor = db.executor_class(model=model, db=db)
    now = clock.now()
    sqlite = db.capabilities.dialect == "sqlite"
    columns = [
        (name, convert, _default(convert, fallback))
        for name in executor.regular_columns_all
        for convert, fallback in [_conversion(model._meta.fields_map[name], now, sqlite)]
    ]
    values = [
        [
            (row[name] if convert is None else convert(row[name])) if name in row else default()
            for name, convert, default in columns
        ]
        for row in rows
    ]
    await db.execute_many(executor.insert_query_all, values)


Conversion = Callable[[Any], Any] | None  # None: the value is stored as it is


def _conversion(field: fields.Field, now: Any, sqlite: bool) -> tuple[Conversion, Any]:
    automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    fallback = now if automatic else field.default
    if isinstance(field, CharEnumFieldInstance):
        if sqlite and issubclass(field.enum_type, str):
            # sqlite3 binds a str subclass as its text, which for these enums is the value:
            # no Python call per cell (an import writes millions of them).
            return None, fallback
        return _enum_value, fallback
    if sqlite and isinstance(field, fields.DatetimeField):
        # sqlite3 would call its adapter for every cell, on the database thread; the cells
        # of one chunk mostly share one timestamp, so each distinct one is written once.
        return _sqlite_timestamps(), fallback
    if isinstance(field, AS_IS):
        return None, fallback
    if isinstance(field, fields.UUIDField):  # ids, and the keys of foreign keys
        return _uuid_text, fallback
    return (lambda value: field.to_db_value(value, None)), fallback


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _sqlite_timestamps() -> Callable[[Any], Any]:
    texts: dict[Any, Any] = {}

    def text(value: Any) -> Any:
        if value not in texts:
            # As the adapter Tortoise registers with sqlite3 writes it.
            texts[value] = value.isoformat(" ") if isinstance(value, datetime) else value
        return texts[value]

    return text


def _default(convert: Conversion, fallback: Any) -> Callable[[], Any]:
    """A left-out field's value: made per row if the default is a callable, else once."""
    if convert is None:
        convert = _as_is
    if callable(fallback):
        return lambda: convert(fallback())
    value = convert(fallback)
    return lambda: value


def _as_is(value: Any) -> Any:
    return value


def _uuid_text(value: Any) -> Any:
    """As UUIDField.to_db_value, without a call when the id is already text."""
    return str(value) if type(value) is UUID else value


async def update_rows(model: type[Model], key: str, rows: list[dict[str, Any]]) -> None:
    """Updates one row per dict of `rows`, found by its `key` field, in one executemany. Every
    dict names the same fields; values are taken as insert_rows takes them. `updated_at`,
    when the model has it, takes the clock's now."""
    if not rows:
        return
    db = model._choose_db(for_write=True)
    executor = db.executor_class(model=model, db=db)
    fields_map = model._meta.fields_map
    names = [name for name in rows[0] if name != key]
    automatic = "updated_at" in fields_map and "updated_at" not in names
    table = model._meta.basetable
    query = db.query_class.update(table)
    for position, name in enumerate([*names, *(["updated_at"] if automatic else [])]):
        query = query.set(fields_map[name].source_field or name, executor.parameter(position))
    key_column = fields_map[key].source_field or key
    query = query.where(table[key_column] == executor.parameter(len(names) + automatic))
    now = clock.now()
    sqlite = db.capabilities.dialect == "sqlite"
    conversions = [_conversion(fields_map[name], now, sqlite)[0] or _as_is for name in names]
    values = [
        [
            *(convert(row[name]) for name, convert in zip(names, conversions, strict=True)),
            *([now] if automatic else []),
            fields_map[key].to_db_value(row[key], None),
        ]
        for row in rows
    ]
    await db.execute_many(str(query), values)
