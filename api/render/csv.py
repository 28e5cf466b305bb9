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

from api.domain.columns import TEXT_COLUMNS
from api.domain.records import Batch

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


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
    if isinstance(value, tuple | list):
        return " ".join(str(v) for v in value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_text(value) if column in TEXT_COLUMNS else value
    return str(value)


def release_rows(batches: Iterable[Batch]) -> Iterable[dict[str, Any]]:
    """One CSV row per claim, with its batch's columns in front and the batch's judgement."""
    for batch in batches:
        headlines = {h.claim.observation_id: h.preferred_by for h in batch.preferred}
        for claim in batch.claims:
            yield {
                **claim.as_dict(),
                "release_id": batch.release_id,
                "date": batch.date,
                "date_precision": batch.date_precision,
                "country": batch.country,
                "category": batch.category,
                "mechanism": batch.mechanism,
                "brokered_by": batch.brokered_by,
                "release_title": batch.title,
                "claim_date": claim.date,
                "claim_date_precision": claim.date_precision,
                "batch_conflict": batch.conflict,
                "batch_preferred_by": headlines.get(claim.observation_id),
            }
