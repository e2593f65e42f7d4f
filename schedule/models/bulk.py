"""Inserting many rows at once without a model instance each: an import stores tens of
thousands of assignments, and ``bulk_create`` spends most of its time building instances and
preparing every value through the SQL compiler (on SQLite in statements of at most 999
values). Here one statement runs for every row (``executemany``), and only the values that
the database driver cannot take as they are go through their field."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

#: Fields whose Python values (int, str, bool, None; the integer key of a foreign key) the
#: drivers take as they are.
_PLAIN = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
#: Fields whose values repeat from row to row and cost the most to convert.
_REPEATING = frozenset({"DateField", "DateTimeField"})


def _converter(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[Any], Any]:
    """The field's conversion of a value for the database; a date or time is converted once
    for each distinct value."""

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return functools.cache(convert) if field.get_internal_type() in _REPEATING else convert


def _default(field: models.Field[Any, Any]) -> Any:
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return timezone.now() if auto else field.get_default()


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows``, each a dict of the same fields by their attribute names (a foreign
    key as ``task_id``, with the key). A field left out gets its default, and ``auto_now``
    fields the time now, as with ``bulk_create``; like it, no signals are sent. No keys come
    back. The caller holds the transaction."""
    if not rows:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    names = list(rows[0])
    by_name = {f.attname: f for f in meta.concrete_fields}
    given = [by_name[name] for name in names]
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
    converters = [
        (i, _converter(f, connection))
        for i, f in enumerate(given)
        if f.get_internal_type() not in _PLAIN
    ]
    defaults = [f.get_db_prep_save(_default(f), connection) for f in rest]

    def values(row: dict[str, Any]) -> list[Any]:
        result = [row[name] for name in names]
        for i, convert in converters:
            if result[i] is not None:
                result[i] = convert(result[i])
        return result + defaults

    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in [*given, *rest])
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})",
            [values(row) for row in rows],
        )
