"""Marshmallow fields built from the column registry (`api.domain.columns`).

The claim schema of every JSON answer, and so the OpenAPI document, comes from here: a
column's type, meaning, allowed values and nullability are written once, in the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import Schema, fields, validate

from api.domain.columns import COLUMNS, Column


def field_of(column: Column) -> fields.Field[Any]:
    """The marshmallow field that dumps (and documents) one column."""
    options: dict[str, Any] = {
        "required": column.required,
        "allow_none": not column.required,
        "metadata": {"description": column.description} if column.description else {},
    }
    if column.enum:
        options["validate"] = validate.OneOf(column.enum)
    if column.type == "integers":
        return fields.List(fields.Integer(), **options)
    kinds = {
        "integer": fields.Integer,
        "date": fields.Date,
        "datetime": fields.DateTime,
        "boolean": fields.Boolean,
    }
    field: fields.Field[Any] = kinds.get(column.type, fields.String)(**options)
    return field


def schema_of(
    name: str, columns: Iterable[str], extra: Mapping[str, fields.Field[Any]] | None = None
) -> type[Schema]:
    """A schema class named `name` dumping `columns` in that order, then the `extra` fields."""
    declared = {c: field_of(COLUMNS[c]) for c in columns}
    return Schema.from_dict({**declared, **(extra or {})}, name=name)
