"""CSV output: RFC 4180, UTF-8, ISO dates, and text cells spreadsheets will not execute.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (after any
leading apostrophes) gets one apostrophe in front, so Excel, LibreOffice and Google Sheets
show it as text instead of running it as a formula. `restore_text` removes exactly that
apostrophe again, so the project's own CSV import reads back what was written. Numbers and
dates are never touched: a negative number stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")

OBSERVATION_COLUMNS = (
    "series_id",
    "date",
    "date_precision",
    "value",
    "qualifier",
    "status",
    "source_id",
    "reported_by",
    "publisher",
    "document_url",
    "published_at",
    "quote",
    "observation_id",
    "revision",
    "period_start",
    "primary",
    "preferred",
    "conflict",
    "release_id",
    "document_id",
    "document_title",
    "note",
)
RELEASE_COLUMNS = (
    "release_id",
    "date",
    "date_precision",
    "country",
    "category",
    "mechanism",
    "brokered_by",
    "series_id",
    "source_id",
    "value",
    "qualifier",
    "reported_by",
    "publisher",
    "document_url",
    "published_at",
    "quote",
    "observation_id",
    "revision",
    "claim_date",
    "claim_date_precision",
    "status",
    "primary",
    "release_title",
    "note",
    "preferred",
    "conflict",
)
TEXT_COLUMNS = frozenset(
    {
        "reported_by",
        "publisher",
        "document_url",
        "document_title",
        "quote",
        "note",
        "category",
        "mechanism",
        "brokered_by",
        "release_title",
        "release_id",
        "series_id",
        "source_id",
    }
)


def neutralise_text(text: str) -> str:
    """Prefix an apostrophe to a text that a spreadsheet would run as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def restore_text(text: str) -> str:
    """Undo `neutralise_text`."""
    return text[1:] if _NEUTRALISED.match(text) else text


def render_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as a CSV document with a header row, in the given column order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(column, row.get(column)) for column in columns])
    return buffer.getvalue()


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_text(value) if column in TEXT_COLUMNS else value
    return str(value)


def release_rows(batches: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """One CSV row per claim, with its batch's columns in front."""
    for batch in batches:
        for claim in batch["claims"]:
            yield {
                **claim,
                "release_id": batch["release_id"],
                "date": batch["date"],
                "date_precision": batch["date_precision"],
                "country": batch["country"],
                "category": batch["category"],
                "mechanism": batch["mechanism"],
                "brokered_by": batch["brokered_by"],
                "release_title": batch["title"],
                "claim_date": claim["date"],
                "claim_date_precision": claim["date_precision"],
            }
