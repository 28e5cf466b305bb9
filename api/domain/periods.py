"""Periods: their labels (`2024-03`, `2024-W10`, `2024-Q1`), end dates and pandas names."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from api.errors import InvalidArgument

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
# The coarsest claim precision that fits in one period of each frequency (None: a claim's
# own date, which fits every claim).
FITS = {None: 2, "D": 0, "W": 0, "M": 1, "Q": 1, "Y": 2}
PANDAS_FREQUENCY = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q-DEC", "Y": "Y-DEC"}


def period_label(key: Any, frequency: str | None) -> str:
    """`2024-03-05`, `2024-W10`, `2024-03`, `2024-Q1`, `2024`; a claim's own date without one."""
    if frequency is None:
        return str(key)
    if frequency == "W":
        year, week, _ = key.end_time.date().isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == "Q":
        return f"{key.year}-Q{key.quarter}"
    return str(key)


def date_label(day: dt.date, precision: str) -> str:
    """A claim's date as written: `2024-03-05`, `2024-03` or `2024`."""
    if precision == "year":
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}" if precision == "month" else day.isoformat()


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day of a claim's date: the day, or the end of its month or year."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def every_period(first_end: dt.date, last_end: dt.date, frequency: str) -> dict[str, dt.date]:
    """Label and end date of every period from the one ending `first_end` to `last_end`."""
    import pandas as pd

    every = pd.period_range(first_end, last_end, freq=PANDAS_FREQUENCY[frequency])
    return {period_label(p, frequency): p.end_time.date() for p in every}


def require_period_within_date(fields: dict[str, Any]) -> None:
    """A tally's `period_start` cannot come after the period its date names ends."""
    start, day = fields.get("period_start"), fields["date"]
    if start is not None and start > period_end(day, fields.get("date_precision") or "day"):
        raise InvalidArgument(
            f"period_start {start.isoformat()} is after the claim's date {day.isoformat()}",
            {"period_start": ["after the claim's date"]},
        )
