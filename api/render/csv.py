"""CSV documents: RFC 4180, UTF-8, CRLF line ends, a header row; cells by `cells.cell`.

Every cell, whatever its column, is written by the one cell function (`api.render.cells`):
ISO dates, `true`/`false`, lists joined by spaces, and text a spreadsheet will not run as
a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from api.domain.records import Batch
from api.render.cells import cell, neutralise_text, restore_text

__all__ = ["neutralise_text", "release_rows", "render_csv", "restore_text"]


def render_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as a CSV document with a header row, in the given column order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return buffer.getvalue()


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
