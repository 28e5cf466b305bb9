"""Reads of claims at a revision, with the preferred-claim rule done in SQL.

Claims about the same series and date form a group (same date, precision and period
start). The preferred claim of a group is the first by this order:

1. the counting source's own publication (`is_primary`) before a report by others;
2. the latest `published_at` of the document, an unknown date ranking below a known one;
3. the most recently recorded claim (highest revision, then highest observation id).

A group is a *conflict* when its claims do not all have the same value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from api.storage.models import Document, Observation, ReleaseBatch, Revision, Series
from api.storage.visibility import alive_at


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims of which series, at which revision."""

    revision: int
    series_ids: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    release_ids: tuple[str, ...] | None = None
    source_id: str | None = None


def claim_columns() -> list[Any]:
    """The columns of a claim row, joined with its series and document."""
    o, d = Observation, Document
    return [
        o.id.label("observation_id"),
        o.series_id,
        o.date,
        o.date_precision,
        o.period_start,
        o.value,
        o.qualifier,
        o.status,
        Series.source_id,
        o.is_primary.label("primary"),
        o.reported_by,
        d.publisher,
        d.url.label("document_url"),
        d.title.label("document_title"),
        d.published_at,
        o.quote,
        o.note,
        o.release_id,
        o.document_id,
        o.version,
        o.added_in.label("revision"),
    ]


def ranked_claims(claims: ClaimFilter) -> Select[Any]:
    """Claims with their rank inside their date group and whether the group conflicts."""
    o, d = Observation, Document
    group = (o.series_id, o.date, o.date_precision, o.period_start)
    order = preference_order(o.is_primary, d.published_at, o.added_in, o.id)
    rank = func.row_number().over(partition_by=group, order_by=order)
    spread = func.max(o.value).over(partition_by=group) - func.min(o.value).over(partition_by=group)
    query = (
        select(*claim_columns(), rank.label("rank"), (spread != 0).label("conflict"))
        .join(d, and_(d.id == o.document_id, alive_at(d, claims.revision)))
        .join(Series, and_(Series.id == o.series_id, alive_at(Series, claims.revision)))
        .where(alive_at(o, claims.revision))
    )
    return filtered_claims(query, claims)


def preference_order(
    primary: Any, published_at: Any, revision: Any, claim_id: Any
) -> tuple[Any, ...]:
    """The preferred-claim rule (see the module docstring) as ORDER BY terms, best first."""
    return (
        primary.desc(),
        case((published_at.is_(None), 1), else_=0),
        published_at.desc(),
        revision.desc(),
        claim_id.desc(),
    )


def claims_page(
    session: Session,
    claims: ClaimFilter,
    preferred_only: bool,
    offset: int,
    limit: int | None,
    ranked: Select[Any] | None = None,
) -> list[dict[str, Any]]:
    """Claims in date order (the preferred one first within a date), one page of them.

    `ranked` replaces `ranked_claims(claims)`, e.g. by the claims as first published.
    """
    query = ordered_claims(ranked_claims(claims) if ranked is None else ranked, preferred_only)
    # Core, not ORM, execution: plain tuples, no per-row ORM bookkeeping (the hot path).
    result = session.connection().execute(query.offset(offset).limit(limit))
    keys = [str(key) for key in result.keys()]
    return [_claim_dict(dict(zip(keys, row, strict=True))) for row in result]


def ordered_claims(ranked_query: Select[Any], preferred_only: bool) -> Select[Any]:
    """Ranked claims in date order, the preferred one first within a date."""
    ranked = ranked_query.subquery()
    query = select(ranked)
    if preferred_only:
        query = query.where(ranked.c.rank == 1)
    return query.order_by(
        ranked.c.series_id,
        ranked.c.date,
        ranked.c.date_precision,
        ranked.c.period_start.nulls_first(),
        ranked.c.rank,
        ranked.c.observation_id,
    )


def observation_versions(session: Session, observation_id: int) -> list[dict[str, Any]]:
    """Every stored version of one claim, oldest first, with its revision and document."""
    o, d = Observation, Document
    query = (
        select(
            o.version,
            o.added_in,
            o.removed_in,
            Revision.created_at.label("created_at"),
            Revision.author.label("author"),
            Revision.message.label("message"),
            o.series_id,
            o.date,
            o.date_precision,
            o.period_start,
            o.value,
            o.qualifier,
            o.status,
            o.is_primary.label("primary"),
            o.reported_by,
            o.document_id,
            d.url.label("document_url"),
            o.quote,
            o.note,
            o.release_id,
        )
        .join(Revision, Revision.id == o.added_in)
        .join(d, and_(d.id == o.document_id, alive_at(d, o.added_in)))
        .where(o.id == observation_id)
        .order_by(o.version)
    )
    return [dict(row._mapping) for row in session.execute(query)]


def batches_by_recency(session: Session, revision: int, count: int) -> list[dict[str, Any]]:
    """The most recently recorded release batches alive at `revision`, newest first."""
    r = ReleaseBatch
    query = (
        select(
            r.id.label("release_id"),
            r.date,
            r.title,
            r.mechanism,
            Revision.created_at.label("recorded_at"),
        )
        .join(Revision, Revision.id == r.added_in)
        .where(alive_at(r, revision))
        .order_by(r.added_in.desc(), r.date.desc(), r.id)
        .limit(count)
    )
    return [dict(row._mapping) for row in session.execute(query)]


def observation_at(session: Session, observation_id: int, revision: int) -> dict[str, Any] | None:
    """One claim as alive at `revision`, with its rank among its date group."""
    o = Observation
    current = session.scalar(
        select(o.series_id).where(o.id == observation_id, alive_at(o, revision))
    )
    if current is None:
        return None
    ranked = ranked_claims(ClaimFilter(revision=revision, series_ids=(current,))).subquery()
    row = session.execute(select(ranked).where(ranked.c.observation_id == observation_id)).first()
    return _claim_dict(row._asdict()) if row else None


def releases_at(session: Session, revision: int, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Release batch events alive at `revision`, by date, filtered."""
    r = ReleaseBatch
    query = select(
        r.id.label("release_id"),
        r.date,
        r.date_precision,
        r.country,
        r.category,
        r.mechanism,
        r.brokered_by,
        r.title,
        r.note,
    ).where(alive_at(r, revision))
    if filters.get("start"):
        query = query.where(r.date >= filters["start"])
    if filters.get("end"):
        query = query.where(r.date <= filters["end"])
    for column, key in ((r.country, "country"), (r.mechanism, "mechanism")):
        if filters.get(key):
            query = query.where(column == filters[key])
    if filters.get("brokered_by"):
        pattern = f"%{filters['brokered_by'].lower()}%"
        query = query.where(func.lower(r.brokered_by).like(pattern))
    return [dict(row._mapping) for row in session.execute(query.order_by(r.date, r.id))]


def filtered_claims(query: Select[Any], claims: ClaimFilter) -> Select[Any]:
    """Narrow a claim query to the filter's series, batches, source and dates."""
    o = Observation
    if claims.series_ids is not None:
        query = query.where(o.series_id.in_(claims.series_ids))
    if claims.release_ids is not None:
        query = query.where(o.release_id.in_(claims.release_ids))
    if claims.source_id:
        query = query.where(Series.source_id == claims.source_id)
    if claims.start:
        query = query.where(o.date >= claims.start)
    if claims.end:
        query = query.where(o.date <= claims.end)
    return query


def _claim_dict(row: dict[str, Any]) -> dict[str, Any]:
    row["primary"] = bool(row["primary"])
    row["conflict"] = bool(row.pop("conflict"))
    row["preferred"] = row.pop("rank") == 1
    return row
