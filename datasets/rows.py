"""Reading the rows of a changeset's CSV files into typed fields for the writer.

Each function takes one CSV row (a dict of strings) and returns the keyword arguments of the
matching `RevisionWriter.add_*` call, or raises `RowError` naming the column at fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.domain import (
    QUALIFIERS,
    SERIES_KINDS,
    SOURCE_KINDS,
    STATUSES,
    is_whole_number,
    parse_partial_date,
    series_key,
)


class RowError(ValueError):
    """A cell that does not hold what its column promises."""


def source_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a sources.csv row."""
    return {
        "id": _required(row, "id"),
        "name": _required(row, "name"),
        "kind": _choice(row, "kind", SOURCE_KINDS),
        "homepage": _optional(row, "homepage"),
        "description": _optional(row, "description"),
    }


def series_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a series.csv row; the id must be `{country}.{measure}.{source_id}`."""
    country, measure = _required(row, "country"), _required(row, "measure")
    source_id = _required(row, "source_id")
    fields = {
        "id": _required(row, "id"),
        "country": country,
        "measure": measure,
        "source_id": source_id,
        "kind": _choice(row, "kind", SERIES_KINDS),
        "unit": _required(row, "unit"),
        "title": _required(row, "title"),
        "method_note": _optional(row, "method_note"),
        "licence": _optional(row, "licence"),
    }
    expected = series_key(country, measure, source_id)
    if fields["id"] != expected:
        raise RowError(f"id {fields['id']!r} should be {expected!r}")
    return fields


def document_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a documents.csv row."""
    url = _required(row, "url")
    if not url.startswith(("http://", "https://")):
        raise RowError(f"url {url!r} is not an http(s) address")
    return {
        "url": url,
        "title": _optional(row, "title"),
        "publisher": _optional(row, "publisher"),
        "published_at": _day(row, "published_at"),
        "retrieved_at": _day(row, "retrieved_at"),
        "archive_url": _optional(row, "archive_url"),
        "language": _optional(row, "language"),
    }


def release_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a releases.csv row (a batch event)."""
    date, precision = _partial_date(row, "date")
    return {
        "id": _required(row, "release_id"),
        "date": date,
        "date_precision": precision,
        "country": _required(row, "country"),
        "category": _required(row, "category"),
        "mechanism": _required(row, "mechanism"),
        "brokered_by": _optional(row, "brokered_by"),
        "title": _optional(row, "title"),
        "note": _optional(row, "note"),
    }


def observation_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of an observations.csv row, less its document (looked up by `document_url`)."""
    date, precision = _partial_date(row, "date")
    period_start = _optional(row, "period_start")
    return {
        "series_id": _required(row, "series_id"),
        "date": date,
        "date_precision": precision,
        "period_start": _partial_date(row, "period_start")[0] if period_start else None,
        "value": _integer(row, "value"),
        "qualifier": _choice(row, "qualifier", QUALIFIERS),
        "status": _choice(row, "status", STATUSES),
        "is_primary": _boolean(row, "primary"),
        "reported_by": _optional(row, "reported_by"),
        "quote": _required(row, "quote"),
        "note": _optional(row, "note"),
        "release_id": _optional(row, "release_id"),
    }


def _required(row: dict[str, str], column: str) -> str:
    value = _optional(row, column)
    if value is None:
        raise RowError(f"{column} is empty")
    return value


def _optional(row: dict[str, str], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def _choice(row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
    value = _required(row, column)
    if value not in allowed:
        raise RowError(f"{column} {value!r} is not one of {', '.join(allowed)}")
    return value


def _integer(row: dict[str, str], column: str) -> int:
    value = _required(row, column)
    if not is_whole_number(value):
        raise RowError(f"{column} {value!r} is not a whole number")
    return int(value)


def _boolean(row: dict[str, str], column: str) -> bool:
    value = _required(row, column).lower()
    if value not in ("true", "false"):
        raise RowError(f"{column} {value!r} is not true or false")
    return value == "true"


def _partial_date(row: dict[str, str], column: str) -> tuple[dt.date, str]:
    try:
        return parse_partial_date(_required(row, column))
    except ValueError as error:
        raise RowError(f"{column}: {error}") from None


def _day(row: dict[str, str], column: str) -> dt.date | None:
    value = _optional(row, column)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} {value!r} is not a date YYYY-MM-DD") from None
