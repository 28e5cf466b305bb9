"""Claims at a revision, read in group order and judged by the rule in force.

Storage selects the claims alive at the asked revision (with their series' source and their
document as alive then), in the order of their groups: series, date, precision, period start,
part. The preferred-claim rule (`api.domain.preference`) then judges each group; which rule
is the revision's own (`revision_queries.rule_at`). Rows are fetched in chunks and judged as
they come, so the first page of a long series reads only as many rows as it shows.

The first-release view (ALFRED's "initial release") shows each date as the service first
showed it: the claims alive at the first revision that had a claim for that date, with the
documents as they were then, judged by the rule of that revision. Only dates that still hold
a claim at the asked revision appear, so the two views line up date by date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from api.domain import documents, preference
from api.domain.records import STORED_FIELDS, Claim
from api.storage.models import Document, Observation, Series
from api.storage.revision_queries import rule_at, rules_of
from api.storage.visibility import alive_at

CHUNK = 1_000  # rows fetched per round trip


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims of which series, at which revision."""

    revision: int
    series_ids: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    release_ids: tuple[str, ...] | None = None
    source_id: str | None = None


def _columns() -> dict[str, Any]:
    o, d = Observation, Document
    named = {
        "observation_id": o.id,
        "source_id": Series.source_id,
        "primary": o.is_primary,
        "publisher": d.publisher,
        "document_url": d.url,
        "document_title": d.title,
        "published_at": d.published_at,
        "revision": o.added_in,
        **{name: getattr(d, name) for name in documents.COPY_FIELDS},
    }
    return {name: named.get(name, getattr(o, name, None)) for name in STORED_FIELDS}


def _select(extra: tuple[Any, ...] = ()) -> Select[Any]:
    return select(*(column.label(name) for name, column in _columns().items()), *extra)


def _group_order(o: Any = Observation) -> tuple[Any, ...]:
    return (
        o.series_id,
        o.date,
        o.date_precision,
        o.period_start.nulls_first(),
        o.part.nulls_first(),
    )


def current_query(claims: ClaimFilter) -> Select[Any]:
    """The claims alive at the filter's revision, in group order."""
    o, d, r = Observation, Document, claims.revision
    query = (
        _select()
        .join(d, and_(d.id == o.document_id, alive_at(d, r)))
        .join(Series, and_(Series.id == o.series_id, alive_at(Series, r)))
        .where(alive_at(o, r))
    )
    return filtered(query, claims).order_by(*_group_order(), o.id)


def filtered(query: Select[Any], claims: ClaimFilter) -> Select[Any]:
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


def _rows(session: Session, query: Select[Any], chunk: int = CHUNK) -> Iterator[Any]:
    # Core, not ORM, execution: plain tuples fetched a chunk at a time (the hot path). A
    # reader that stops early (one page) closes the cursor (on PostgreSQL a server-side one).
    result = session.connection().execute(query.execution_options(yield_per=chunk))
    try:
        for part in result.partitions(chunk):
            yield from part
    finally:
        result.close()


def current_claims(session: Session, claims: ClaimFilter) -> Iterator[Claim]:
    """The claims alive at the revision, judged by its rule, group by group."""
    version = rule_at(session, claims.revision)
    rows = (Claim(*row) for row in _rows(session, current_query(claims)))
    return preference.judged(rows, version)


def first_release_claims(session: Session, claims: ClaimFilter) -> Iterator[Claim]:
    """Each date's claims as first published, judged by the rule of that first revision."""
    rows = list(_rows(session, first_release_query(claims)))
    rules = rules_of(session, {row[-1] for row in rows})
    for _, group in itertools.groupby(rows, key=lambda row: row[-1:] + tuple(row[1:5])):
        members = list(group)
        version = rules[members[0][-1]]
        yield from preference.judged((Claim(*row[:-1]) for row in members), version)


def first_release_query(claims: ClaimFilter) -> Select[Any]:
    """Claims alive at their date's first revision, with that revision as the last column."""
    o, d = Observation, Document
    first = _first_revisions(claims).subquery()
    same_date = and_(
        o.series_id == first.c.series_id,
        o.date == first.c.date,
        o.date_precision == first.c.date_precision,
        o.period_start.is_not_distinct_from(first.c.period_start),
    )
    query = (
        _select((first.c.first_revision,))
        .join(first, same_date)
        .join(d, and_(d.id == o.document_id, _alive_at_column(d, first.c.first_revision)))
        .join(Series, and_(Series.id == o.series_id, alive_at(Series, claims.revision)))
        .where(_alive_at_column(o, first.c.first_revision))
    )
    return filtered(query, claims).order_by(*_group_order(), o.id)


def _first_revisions(claims: ClaimFilter) -> Select[Any]:
    """Per date alive at the revision: the first revision that recorded a claim for it."""
    v = aliased(Observation)
    alive_now = case((alive_at(v, claims.revision), 1), else_=0)
    key: tuple[Any, ...] = (v.series_id, v.date, v.date_precision, v.period_start)
    query: Select[Any] = select(*key, func.min(v.added_in).label("first_revision"))
    query = query.where(v.added_in <= claims.revision)
    if claims.series_ids is not None:
        query = query.where(v.series_id.in_(claims.series_ids))
    return query.group_by(*key).having(func.max(alive_now) == 1)


def _alive_at_column(table: Any, revision: Any) -> ColumnElement[bool]:
    """`visibility.alive_at` for a revision that is a column of the query."""
    return and_(
        table.added_in <= revision,
        or_(table.removed_in.is_(None), table.removed_in > revision),
    )


def claims_in_view(session: Session, view: str, claims: ClaimFilter) -> Iterator[Claim]:
    """The judged claims of `view` (`current` or `first_release`), in group order."""
    if view == "first_release":
        return first_release_claims(session, claims)
    return current_claims(session, claims)


def page(
    judged: Iterable[Claim], preferred_only: bool, offset: int, limit: int | None
) -> list[Claim]:
    """One page of judged claims: every claim, or only each group's preferred one."""
    rows = (c for c in judged if c.preferred) if preferred_only else judged
    end = None if limit is None else offset + limit
    try:
        return list(itertools.islice(rows, offset, end))
    finally:
        stop(judged)


def stop(claims: Iterable[Claim]) -> None:
    """Stop reading claims early: the cursor behind them closes now, not when collected."""
    close = getattr(claims, "close", None)
    if close is not None:
        close()


def claim_at(session: Session, observation_id: int, revision: int) -> Claim | None:
    """One claim as alive at `revision`, judged within its group."""
    o = Observation
    found = session.execute(
        select(o.series_id, o.date, o.date_precision).where(
            o.id == observation_id, alive_at(o, revision)
        )
    ).first()
    if found is None:
        return None
    series_id, day, precision = found
    claims = ClaimFilter(revision, (series_id,), day, day)
    judged = current_claims(session, claims)
    try:
        same_date = (c for c in judged if c.date_precision == precision)
        return next((c for c in same_date if c.observation_id == observation_id), None)
    finally:
        stop(judged)


def timeseries_claims(
    session: Session, view: str, claims: ClaimFilter, per_batch: bool
) -> list[Claim]:
    """The headline of each date (totals only; parts are not totals), by date.

    With `per_batch` (flows), one claim per release batch: several dates' claims about one
    batch are statements about one event, and the rule picks the batch's headline.
    """
    heads = [c for c in claims_in_view(session, view, claims) if c.preferred and c.part is None]
    if per_batch:
        heads = _one_per_batch(heads, rule_at(session, claims.revision))
    return sorted(heads, key=_date_order)


def _one_per_batch(claims: list[Claim], version: int) -> list[Claim]:
    batches: dict[tuple[str, str], list[Claim]] = {}
    alone = []
    for claim in claims:
        if claim.release_id is None:
            alone.append(claim)
        else:
            batches.setdefault((claim.series_id, claim.release_id), []).append(claim)
    picked = (preference.preferred_of(group, version) for group in batches.values())
    return alone + [pick[0] for pick in picked if pick is not None]


def _date_order(claim: Claim) -> tuple[Any, ...]:
    start = claim.period_start
    return (
        claim.series_id,
        claim.date,
        claim.date_precision,
        start is not None,
        start,
        claim.observation_id,
    )
