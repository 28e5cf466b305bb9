"""A frame as the import CSV of `POST /v1/imports` (the columns of the observations export).

Export-only columns (ids, revisions, the preferred-claim rule's judgement: `preferred`,
`preferred_by`, `conflict`, `conflict_with` and their batch forms) are left out, as the
service's importer leaves them out; every other column is sent as it is, so a column the
service does not take is refused by name rather than dropped here in silence. Dates are
written as `YYYY-MM-DD`, flags as `true`/`false`, missing values as empty cells, and text
that a spreadsheet would run as a formula gets the apostrophe the service removes again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pandas as pd

EXPORT_ONLY = frozenset(
    {
        "observation_id",
        "revision",
        "source_id",
        "document_id",
        "preferred",
        "conflict",
        "preferred_by",
        "conflict_with",
        "batch_conflict",
        "batch_preferred_by",
    }
)
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def import_csv(frame: pd.DataFrame) -> bytes:
    """The frame's importable columns as UTF-8 CSV (RFC 4180, CRLF)."""
    columns = [str(c) for c in frame.columns if str(c) not in EXPORT_ONLY]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for row in frame[columns].itertuples(index=False, name=None):
        writer.writerow([_cell(value) for value in row])
    return text.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp | dt.datetime):
        return _timestamp(pd.Timestamp(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return "'" + value if _FORMULA.match(value) else value
    return str(value)


def _timestamp(moment: pd.Timestamp) -> str:
    """A date as `YYYY-MM-DD`; a time of day, if it has one, in ISO 8601."""
    if moment.hour == moment.minute == moment.second == moment.microsecond == 0:
        return moment.date().isoformat()
    return moment.isoformat()
