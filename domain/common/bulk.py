"""Inserting many rows with one statement, without building a model object per row."""

from collections.abc import Callable
from enum import Enum
from typing import Any

from tortoise import fields
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model

from domain.common import clock

# Fields whose checked Python value is already what the database takes: skipping their
# to_db_value skips a validator call per cell (length checks the caller has made).
AS_IS = (fields.CharField, fields.TextField, fields.DateField, fields.DatetimeField)


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
    columns = [
        (name, *_conversion(model._meta.fields_map[name], now))
        for name in executor.regular_columns_all
    ]
    values = [
        [
            convert(row[name] if name in row else _value(fallback))
            for name, convert, fallback in columns
        ]
        for row in rows
    ]
    await db.execute_many(executor.insert_query_all, values)


def _conversion(field: fields.Field, now: Any) -> tuple[Callable[[Any], Any], Any]:
    automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    fallback = now if automatic else field.default
    if isinstance(field, CharEnumFieldInstance):
        return _enum_value, fallback
    if isinstance(field, AS_IS):
        return _same, fallback
    return (lambda value: field.to_db_value(value, None)), fallback


def _same(value: Any) -> Any:
    return value


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _value(default: Any) -> Any:
    return default() if callable(default) else default


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
    conversions = [_conversion(fields_map[name], now)[0] for name in names]
    values = [
        [
            *(convert(row[name]) for name, convert in zip(names, conversions, strict=True)),
            *([now] if automatic else []),
            fields_map[key].to_db_value(row[key], None),
        ]
        for row in rows
    ]
    await db.execute_many(str(query), values)
