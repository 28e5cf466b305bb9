"""Release totals per source: batch claims summed by month, year, source or mechanism.

Only the `released` measure counts: one claim per source and batch (the preferred one, by
the preferred-claim rule), so a batch a source reported three times counts once. Partial
counts (`released_part`) and running tallies (`released_cumulative`) are never added to
batch figures. Sources are never added to each other: every row is one source's total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from api.domain.bounds import APPROXIMATE, bound_name, claim_bound, weakest
from api.domain.records import Batch, Claim
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries, release_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database

BATCH_MEASURE = "released"
GROUP_COLUMNS = {"month": "period", "year": "period", "source": None, "mechanism": "mechanism"}
TOTAL_COLUMNS = (
    "source_id",
    "series_id",
    "total",
    "batch_count",
    "qualifier",
    "bound",
    "derived",
    "release_ids",
)


@dataclass(frozen=True)
class SummaryQuery:
    """How to group release claims, and which batches to count."""

    by: str = "year"
    as_of: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    country: str | None = None
    source: str | None = None
    mechanism: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of a row, the grouping column first."""
        group = GROUP_COLUMNS[self.by]
        return (group, *TOTAL_COLUMNS) if group else TOTAL_COLUMNS


@dataclass(frozen=True)
class Summary:
    """Totals per group and source, and how many batches fitted no group."""

    revision: int
    rows: list[dict[str, Any]]
    batches_left_out: int


def release_summary(db: Database, query: SummaryQuery) -> Summary:
    """Each source's batch claims at the revision, summed per group."""
    with db.read() as session:
        revision = resolve_as_of(session, query.as_of)
        batches = release_queries.releases_at(session, revision, _batch_filters(query))
        series = catalog_queries.series_at(
            session, revision, {"measure": BATCH_MEASURE, "source": query.source}
        )
        claims = claim_queries.timeseries_claims(
            session,
            "current",
            ClaimFilter(
                revision,
                series_ids=tuple(s["id"] for s in series),
                release_ids=tuple(b.release_id for b in batches),
            ),
            per_batch=True,
        )
    by_batch = {b.release_id: b for b in batches}
    sources = {s["id"]: s["source_id"] for s in series}
    groups, left_out = _grouped(claims, by_batch, sources, query.by)
    rows = [_total(key, members, query) for key, members in sorted(groups.items())]
    return Summary(revision, rows, left_out)


def _batch_filters(query: SummaryQuery) -> dict[str, Any]:
    return {
        "start": query.start,
        "end": query.end,
        "country": query.country,
        "mechanism": query.mechanism,
    }


def _grouped(
    claims: list[Claim],
    batches: dict[str, Batch],
    sources: dict[str, str],
    by: str,
) -> tuple[dict[tuple[str, ...], list[Claim]], int]:
    groups: dict[tuple[str, ...], list[Claim]] = {}
    left_out: set[str] = set()
    for claim in claims:
        if claim.release_id is None:
            continue
        batch = batches[claim.release_id]
        label = _group_label(batch, by)
        if label is None:
            left_out.add(batch.release_id)
            continue
        key = (label, sources[claim.series_id], claim.series_id)
        groups.setdefault(key, []).append(claim)
    return groups, len(left_out)


def _group_label(batch: Batch, by: str) -> str | None:
    """The group of a batch; None for a batch dated only by year in a monthly summary."""
    day, precision = batch.date, batch.date_precision
    if by == "year":
        return f"{day.year:04d}"
    if by == "month":
        return None if precision == "year" else f"{day.year:04d}-{day.month:02d}"
    return str(batch.mechanism) if by == "mechanism" else ""


def _total(key: tuple[str, ...], claims: list[Claim], query: SummaryQuery) -> dict[str, Any]:
    label, source_id, series_id = key
    bits = 0
    for claim in claims:
        bits |= claim_bound(claim.qualifier, claim.status)
    qualifier = _qualifier(claims, bits)
    row: dict[str, Any] = {
        "source_id": source_id,
        "series_id": series_id,
        "total": None if qualifier is None else sum(c.value for c in claims),
        "batch_count": len(claims),
        "qualifier": qualifier,
        "bound": bound_name(bits),
        "derived": len(claims) > 1 and bits != 0,
        "release_ids": sorted(str(c.release_id) for c in claims),
    }
    group = GROUP_COLUMNS[query.by]
    return {group: label, **row} if group else row


def _qualifier(claims: list[Claim], bits: int) -> str | None:
    """A total's qualifier, never contradicting its bound (None: bounded both ways, unknown).

    An estimate among the claims makes the total `about`; otherwise it is as weak as the
    weakest claim in it.
    """
    if bound_name(bits) == "indeterminate":
        return None
    return "about" if bits & APPROXIMATE else weakest(c.qualifier for c in claims)
