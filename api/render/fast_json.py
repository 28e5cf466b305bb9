"""JSON for the hot paths: rows projected onto a schema's fields, then encoded by orjson.

Marshmallow stays the contract (the OpenAPI document, input validation), but dumping
1,000 rows field by field costs more than the query. For schemas whose fields are all
plain — integers, strings, booleans, dates, times, raw values, lists of integers — dumping
is only choosing and ordering keys, because orjson writes those types exactly as the schema
would (a tuple as a list). So a `Dumper` is compiled once per schema: it keeps the fields
the schema declares, in its order, under their `data_key`; lists of rows nest the same way.
Rows may be mappings or records (`api.domain.records`), read by key or by attribute. Any
other field type is refused when the dumper is built, and `tests/test_fast_json.py` checks
that the answer equals the schema's own dump.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import operator
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from marshmallow import Schema, fields

PLAIN = (fields.Integer, fields.String, fields.Boolean, fields.Date, fields.DateTime, fields.Raw)
OPTIONS = orjson.OPT_NON_STR_KEYS

Dumper = Callable[[Any], dict[str, Any]]


def dumper(schema: Schema, lists: Mapping[str, Schema] | None = None) -> Dumper:
    """A function doing `schema.dump(obj)` for plain fields; `lists` names list-of-row fields.

    Raises TypeError for a field whose dump orjson would not reproduce.
    """
    lists = lists or {}
    plan: list[tuple[str, str, Dumper | None]] = []
    for name, field in schema.dump_fields.items():
        attribute, key = field.attribute or name, field.data_key or name
        if name in lists:
            plan.append((attribute, key, dumper(lists[name])))
        elif type(field) in PLAIN or _plain_list(field):
            plan.append((attribute, key, None))
        else:
            raise TypeError(f"{type(schema).__name__}.{name}: {type(field).__name__} is not plain")

    keys = [key for _, key, _ in plan]
    attributes = [attribute for attribute, _, _ in plan]
    take = operator.itemgetter(*attributes)
    read = operator.attrgetter(*attributes)
    nested = any(rows is not None for _, _, rows in plan)

    def dump(obj: Any) -> dict[str, Any]:
        mapping = isinstance(obj, Mapping)
        if not nested and len(plan) > 1:
            if not mapping:  # a record: every field is an attribute, one C-level pass
                return dict(zip(keys, read(obj), strict=True))
            try:  # the common case: every field there, one C-level pass
                return dict(zip(keys, take(obj), strict=True))
            except KeyError:
                pass
        out: dict[str, Any] = {}
        for attribute, key, rows in plan:
            value: Any = (
                obj.get(attribute, _MISSING) if mapping else getattr(obj, attribute, _MISSING)
            )
            if value is not _MISSING:
                out[key] = value if rows is None or value is None else [rows(r) for r in value]
        return out

    return dump


_MISSING = object()


def _plain_list(field: fields.Field[Any]) -> bool:
    """A list of plain values (a tuple of ids): orjson writes it as the schema would."""
    return isinstance(field, fields.List) and type(field.inner) in PLAIN


def _default(value: Any) -> Any:
    """What orjson does not write itself, as Flask's provider writes it."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(obj: Any, indent: bool = False, sort_keys: bool = False) -> bytes:
    """orjson with the service's conventions: ISO 8601 dates and times, keys as given, UTF-8."""
    option = (
        OPTIONS
        | (orjson.OPT_INDENT_2 if indent else 0)
        | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    )
    try:
        return orjson.dumps(obj, default=_default, option=option)
    except TypeError:  # an integer beyond 64 bits (echoed in a 400): the standard library
        text = json.dumps(
            obj,
            default=_iso_or_default,
            ensure_ascii=True,  # a lone surrogate (echoed in a 400) cannot be UTF-8
            indent=2 if indent else None,
            sort_keys=sort_keys,
            separators=None if indent else (",", ":"),
        )
        return text.encode()


def _iso_or_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return _default(value)
