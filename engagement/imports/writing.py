"""Inserting checked rows fast: PostgreSQL ``COPY`` (one round trip for 100,000 rows), ``bulk_create`` elsewhere.

Every column the model has is written: the ones given per row, the rest from the field's default, so a column a
later migration adds with a default keeps working here. Call inside the caller's transaction."""
from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    """A value in COPY's text format."""
    if type(value) is str:  # most values: the fast path first
        return value.translate(_ESCAPES) if ("\\" in value or "\t" in value or "\n" in value
                                             or "\r" in value) else value
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"COPY cannot write {type(value).__name__} here")


def _constants(model: type[models.Model], given: Sequence[str]) -> dict[str, Any]:
    """The value of every other column: the field's default (worked out once, so the same for every row), or NULL."""
    out: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in given:
            continue
        value = f.get_default()  # the field's default; "" for text, None for anything else without one
        if value is None and not f.null:
            raise ValueError(f"{model.__name__}.{f.name} has no default: give it per row")
        out[f.attname] = value
    return out


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values in the order of ``fields``, attribute names like ``session_id``); returns how many."""
    constants = _constants(model, fields)
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True)), **constants) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=500)
        return len(objs)
    names = [*fields, *constants]
    tail = "\t".join(_text(v) for v in constants.values())
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join([_text(v) for v in row]))
        if tail:
            buffer.write("\t")
            buffer.write(tail)
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    column_of = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column_of[n]) for n in names)
    with connection.cursor() as cursor:
        # psycopg2's own cursor: Django's wrapper does not expose copy_expert.
        raw = cursor.cursor
        raw.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN", buffer)
    return count

