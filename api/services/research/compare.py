"""Several series aligned on their dates or periods, one column each (and its qualifier)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from api.errors import InvalidArgument
from api.services.reads.aliases import refuse_unknown_series
from api.services.research import timeseries
from api.services.research.alignment import aligned
from api.services.research.series_data import resampling_of
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database

# Rows times series in one answer. Twenty series by day over the years the data covers were
# 118,000 values, 13 MB and 1.7 s of a worker (278,000, 30 MB, 2-4 s once a claim of 1950
# was added): three anonymous clients looping on that took every other request from 2 ms to
# seconds. Ten series by day, or twenty by week, fit.
MAX_VALUES = 100_000


@dataclass(frozen=True)
class CompareQuery:
    """Which series to align, at which revision, over which dates, on which periods."""

    series: tuple[str, ...]
    as_of: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    frequency: str | None = None
    aggregation: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The aligned table and what each column holds."""

    revision: int
    series: list[dict[str, Any]]
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    frequency: str | None


def compare(db: Database, query: CompareQuery) -> Comparison:
    """Each series resampled on its own (default aggregation by kind), then outer-joined."""
    with db.read() as session:
        revision = resolve_as_of(session, query.as_of)
        found = _existing_series(session, query.series, revision)
        columns: dict[str, list[dict[str, Any]]] = {}
        described = []
        for series_id in query.series:
            kind = found[series_id]["kind"]
            spec = resampling_of(query, kind, series_id)
            claims = claim_queries.timeseries_claims(
                session, "current", ClaimFilter(revision, (series_id,)), kind == "flow"
            )
            columns[series_id] = timeseries.periods(claims, spec).rows
            described.append({"id": series_id, "kind": kind, "aggregation": spec.how})
    _within_cap(max(map(len, columns.values()), default=0), query)  # before the join
    rows = aligned(columns, query.frequency)
    _within_cap(len(rows), query)
    names = ("period", "period_end", *[c for s in query.series for c in (s, f"{s}.qualifier")])
    return Comparison(revision, described, names, rows, query.frequency)


def _within_cap(rows: int, query: CompareQuery) -> None:
    values = rows * len(query.series)
    if values > MAX_VALUES:
        raise InvalidArgument(
            f"this comparison has {rows} rows of {len(query.series)} series, {values} values, "
            f"more than {MAX_VALUES:,}: narrow start and end, or use a coarser frequency",
            {"frequency": [f"more than {MAX_VALUES:,} values"]},
        )


def _existing_series(
    session: Session, series_ids: tuple[str, ...], revision: int
) -> dict[str, dict[str, Any]]:
    found = {s["id"]: s for s in catalog_queries.series_at(session, revision)}
    unknown = [s for s in series_ids if s not in found]
    if unknown:
        refuse_unknown_series(session, unknown, revision)
    return found
