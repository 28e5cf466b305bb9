"""Several series' periods side by side: an outer join on the period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.domain.periods import every_period
from api.domain.vocabulary import parse_partial_date

Rows = list[dict[str, Any]]


def aligned(
    columns: dict[str, list[dict[str, Any]]], frequency: str | None
) -> list[dict[str, Any]]:
    """Several series' periods side by side (an outer join on the period).

    One row per period any series has (every period between the first and the last, when
    there is a frequency), with `{series_id}` and `{series_id}.qualifier` for each series.
    """
    ends = {row["period"]: row["period_end"] for rows in columns.values() for row in rows}
    if frequency and ends:
        ends = every_period(min(ends.values()), max(ends.values()), frequency)
    by_series = {sid: {row["period"]: row for row in rows} for sid, rows in columns.items()}
    table = []
    for label in sorted(ends, key=lambda label: (_first_day(label, frequency), ends[label])):
        row: dict[str, Any] = {"period": label, "period_end": ends[label]}
        for series_id, rows_by_period in by_series.items():
            found = rows_by_period.get(label) or {}
            row[series_id] = found.get("value")
            row[f"{series_id}.qualifier"] = found.get("qualifier")
        table.append(row)
    return table


def _first_day(label: str, frequency: str | None) -> dt.date:
    """Without a frequency a label is a claim's own date; a month or year sorts at its start."""
    if frequency:
        return dt.date.min
    return parse_partial_date(label)[0]
