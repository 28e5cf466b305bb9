"""A series' claims in a view (current or first release), streamed, or resampled into periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from api.domain.records import Claim
from api.errors import NotFound
from api.services.research import timeseries
from api.services.results import Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database


@dataclass(frozen=True)
class SeriesDataQuery:
    """What a client asked of one series' data."""

    as_of: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    claims: str = "preferred"
    view: str = "current"
    frequency: str | None = None
    aggregation: str | None = None
    transform: str = "none"
    offset: int = 0
    limit: int | None = None

    @property
    def resamples(self) -> bool:
        """Whether the answer is periods (resampled or transformed) rather than claims."""
        return bool(self.frequency or self.aggregation or self.transform != "none")


@dataclass(frozen=True)
class ClaimStream:
    """Claims to be written out row by row; the rows are fetched only when iterated."""

    revision: int
    series_id: str
    rows: Iterator[Claim]


def claims_page(db: Database, series_id: str, query: SeriesDataQuery) -> Page[Any]:
    """One page of the series' claims in the asked view (preferred per date, or all)."""
    with db.read() as session:
        revision, series = _series_at(session, series_id, query.as_of)
        claims = ClaimFilter(revision, (series_id,), query.start, query.end)
        judged = claim_queries.claims_in_view(session, query.view, claims)
        limit = None if query.limit is None else query.limit + 1
        rows = claim_queries.page(judged, query.claims == "preferred", query.offset, limit)
    page = page_of(revision, rows, query.offset, query.limit)
    page.meta.update(series=series, view=query.view)
    return page


def claims_stream(db: Database, series_id: str, query: SeriesDataQuery) -> ClaimStream:
    """Every claim of the view, as a stream: checked now, read while it is written out."""
    with db.read() as session:
        revision, _ = _series_at(session, series_id, query.as_of)
    claims = ClaimFilter(revision, (series_id,), query.start, query.end)
    return ClaimStream(revision, series_id, _streamed(db, query, claims))


def _streamed(db: Database, query: SeriesDataQuery, claims: ClaimFilter) -> Iterator[Claim]:
    with db.read() as session:
        judged = claim_queries.claims_in_view(session, query.view, claims)
        yield from (c for c in judged if c.preferred) if query.claims == "preferred" else judged


def series_periods(db: Database, series_id: str, query: SeriesDataQuery) -> Page[Any]:
    """The series resampled and transformed: one row per period, paged."""
    with db.read() as session:
        revision, series = _series_at(session, series_id, query.as_of)
        spec = resampling_of(query, series["kind"], series_id)
        claims = ClaimFilter(revision, (series_id,))
        rows = claim_queries.timeseries_claims(
            session, query.view, claims, per_batch=series["kind"] == "flow"
        )
    result = timeseries.periods(rows, spec)
    end = None if query.limit is None else query.offset + query.limit + 1
    page = page_of(revision, result.rows[query.offset : end], query.offset, query.limit)
    page.meta.update(series=series, view=query.view, claims_left_out=result.claims_left_out)
    page.meta.update(frequency=spec.frequency, aggregation=spec.how, transform=spec.transform)
    return page


def resampling_of(query: Any, kind: str, series_id: str) -> timeseries.Resampling:
    """The resampling a query asks of a series of `kind`, refused if it means nothing there."""
    spec = timeseries.Resampling(
        kind=kind,
        frequency=query.frequency,
        aggregation=query.aggregation,
        transform=getattr(query, "transform", "none"),
        start=query.start,
        end=query.end,
    )
    timeseries.check_allowed(spec, series_id)
    return spec


def _series_at(session: Any, series_id: str, as_of: str | None) -> tuple[int, dict[str, Any]]:
    revision = resolve_as_of(session, as_of)
    return revision, series_at(session, series_id, revision)


def series_at(session: Any, series_id: str, revision: int) -> dict[str, Any]:
    """The series at the revision, or NotFound (which an old, renamed id turns into a 301)."""
    series = catalog_queries.one_series_at(session, series_id, revision)
    if series is None:
        raise NotFound(f"series {series_id!r} does not exist at revision {revision}")
    return series
