"""Several series aligned on their dates or periods, one column each (and its qualifier)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from api.services.reads.aliases import refuse_unknown_series
from api.services.research import timeseries
from api.services.research.alignment import aligned
from api.services.research.series_data import resampling_of
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database


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
    rows = aligned(columns, query.frequency)
    names = ("period", "period_end", *[c for s in query.series for c in (s, f"{s}.qualifier")])
    return Comparison(revision, described, names, rows, query.frequency)


def _existing_series(
    session: Session, series_ids: tuple[str, ...], revision: int
) -> dict[str, dict[str, Any]]:
    found = {s["id"]: s for s in catalog_queries.series_at(session, revision)}
    unknown = [s for s in series_ids if s not in found]
    if unknown:
        refuse_unknown_series(session, unknown, revision)
    return found
