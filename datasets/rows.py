"""Reading the rows of a changeset's CSV files into typed fields for the writer.

Each row is checked by the same marshmallow schema the write API and `prisoner-counts
import` use (`api.schemas.writes`): the same bounds, lengths, date rules, address checks and
the refusal of control characters. So a shipped row could be imported through the API too,
and a changeset is refused for what the API would refuse. Columns that only a changeset has
(`research_row`) is read by the curation checks, not stored.

Each function takes one CSV row (a dict of strings) and returns the keyword arguments of the
matching `RevisionWriter.add_*` call, or raises `RowError` naming the columns at fault.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError

from api.domain.documents import COPY_FIELDS
from api.domain.vocabulary import DEFAULT_LANGUAGE, LANGUAGE_TAG, is_whole_number, series_key
from api.schemas.writes import (
    CsvClaimSchema,
    CsvReleaseSchema,
    DocumentBodySchema,
    SeriesBodySchema,
    SourceBodySchema,
)

CHANGESET_ONLY = frozenset({"research_row"})
# A claim's document is described once, in documents.csv, never in observations.csv.
DOCUMENT_DETAILS = ("document_title", "publisher", "published_at", *COPY_FIELDS)
NAMED_KINDS = ("source", "series")


class RowError(ValueError):
    """A cell that does not hold what its column promises."""


def source_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a sources.csv row."""
    return _load(SourceBodySchema(), row)


def series_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a series.csv row; the id must be `{country}.{measure}.{source_id}`."""
    fields = _load(SeriesBodySchema(), row)
    expected = series_key(fields["country"], fields["measure"], fields["source_id"])
    if fields.get("id") != expected:
        raise RowError(f"id {fields.get('id')!r} should be {expected!r}")
    return fields


def document_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a documents.csv row."""
    return _load(DocumentBodySchema(), row)


def document_changes(cells: dict[str, str]) -> dict[str, Any]:
    """Fields given for a stored document (a document_corrections.csv row), each checked."""
    return _load(DocumentBodySchema(partial=True), cells)


def release_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of a releases.csv row (a batch event)."""
    fields = _load(CsvReleaseSchema(), row)
    fields["id"] = fields.pop("release_id")
    return fields


def observation_fields(row: dict[str, str]) -> dict[str, Any]:
    """Fields of an observations.csv row, less its document (looked up by `document_url`)."""
    value = (row.get("value") or "").strip()
    if value and not is_whole_number(value):
        raise RowError(f"value {value!r} is not a whole number")
    primary = (row.get("primary") or "").strip()
    if primary not in ("true", "false"):
        raise RowError(f"primary {primary!r} is not true or false")
    misplaced = [column for column in DOCUMENT_DETAILS if (row.get(column) or "").strip()]
    if misplaced:
        raise RowError(f"{', '.join(misplaced)}: the document's details belong in documents.csv")
    fields = _load(CsvClaimSchema(), row)
    fields["is_primary"] = fields.pop("primary")
    fields.pop("document_url", None)
    return {"period_start": None, "reported_by": None, "note": None, "release_id": None} | fields


def name_fields(row: dict[str, str]) -> tuple[str, str, str, str]:
    """(kind, id, language, name) of a names.csv row: a name in a language other than English."""
    kind, entity_id, language, name = (
        (row.get(c) or "").strip() for c in ("kind", "id", "language", "name")
    )
    if kind not in NAMED_KINDS:
        raise RowError(f"kind {kind!r} is not one of {', '.join(NAMED_KINDS)}")
    if not entity_id or not name:
        raise RowError("id and name must not be empty")
    if not LANGUAGE_TAG.match(language) or language == DEFAULT_LANGUAGE:
        raise RowError(
            f"language {language!r} is not a language tag other than {DEFAULT_LANGUAGE!r} "
            "(the English name is the name or title column)"
        )
    return kind, entity_id, language, name


def _load(schema: Schema, row: dict[str, str]) -> dict[str, Any]:
    """The row's non-empty cells, checked and converted by the API's schema."""
    cells = {
        k: v.strip() for k, v in row.items() if k and k not in CHANGESET_ONLY and (v or "").strip()
    }
    try:
        loaded: dict[str, Any] = schema.load(cells)
    except ValidationError as error:
        raise RowError(describe(error.messages)) from None
    return loaded


def describe(messages: Any) -> str:
    """Marshmallow's messages as one line: `column: problem; column: problem`."""
    if isinstance(messages, dict):
        return "; ".join(f"{column}: {describe(text)}" for column, text in messages.items())
    if isinstance(messages, list):
        return " ".join(map(str, messages))
    return str(messages)
