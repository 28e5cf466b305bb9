"""Claims as first published (ALFRED's "initial release") and the revisions that changed a series.

The first release of a date group (same series, date, precision and period start, as in
`observation_queries`) is what the service showed for that date at the first revision that
had any claim for it: the claims alive at that revision, ranked by the same preferred-claim
rule, with the documents as they were then. Only the date groups that still hold a claim at
the asked revision are shown, so the two views line up date by date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from api.storage.models import Document, Observation, Revision, Series, Tag
from api.storage.observation_queries import (
    ClaimFilter,
    claim_columns,
    filtered_claims,
    preference_order,
)
from api.storage.visibility import alive_at


def first_release_ranked(claims: ClaimFilter) -> Select[Any]:
    """Claims alive at their date group's first revision, ranked like `ranked_claims`."""
    o, d = Observation, Document
    first = _first_revisions(claims).subquery()
    group = (o.series_id, o.date, o.date_precision, o.period_start)
    order = preference_order(o.is_primary, d.published_at, o.added_in, o.id)
    rank = func.row_number().over(partition_by=group, order_by=order)
    spread = func.max(o.value).over(partition_by=group) - func.min(o.value).over(partition_by=group)
    same_group = and_(
        o.series_id == first.c.series_id,
        o.date == first.c.date,
        o.date_precision == first.c.date_precision,
        o.period_start.is_not_distinct_from(first.c.period_start),
    )
    query = (
        select(*claim_columns(), rank.label("rank"), (spread != 0).label("conflict"))
        .join(first, same_group)
        .join(d, and_(d.id == o.document_id, _alive_at_column(d, first.c.first_revision)))
        .join(Series, and_(Series.id == o.series_id, alive_at(Series, claims.revision)))
        .where(_alive_at_column(o, first.c.first_revision))
    )
    return filtered_claims(query, claims)


def _first_revisions(claims: ClaimFilter) -> Select[Any]:
    """Per date group alive at the revision: the first revision that recorded a claim for it."""
    v = aliased(Observation)
    alive_now = case((alive_at(v, claims.revision), 1), else_=0)
    columns: list[Any] = [
        v.series_id,
        v.date,
        v.date_precision,
        v.period_start,
        func.min(v.added_in).label("first_revision"),
    ]
    query = select(*columns).where(v.added_in <= claims.revision)
    if claims.series_ids is not None:
        query = query.where(v.series_id.in_(claims.series_ids))
    query = query.group_by(v.series_id, v.date, v.date_precision, v.period_start)
    return query.having(func.max(alive_now) == 1)


def _alive_at_column(table: Any, revision: Any) -> ColumnElement[bool]:
    """`visibility.alive_at` for a revision that is a column of the query."""
    return and_(
        table.added_in <= revision,
        or_(table.removed_in.is_(None), table.removed_in > revision),
    )


def series_vintages(session: Session, series_id: str, revision: int) -> list[dict[str, Any]]:
    """The revisions up to `revision` that changed the series or its claims, oldest first."""
    changes: dict[int, dict[str, Any]] = {}
    for claim_id, added_in, removed_in in _claim_versions(session, series_id, revision):
        changes.setdefault(added_in, _empty_change())["added"].add(claim_id)
        if removed_in is not None and removed_in <= revision:
            changes.setdefault(removed_in, _empty_change())["removed"].add(claim_id)
    for added_in, removed_in in _series_versions(session, series_id, revision):
        for changed in (added_in, removed_in):
            if changed is not None and changed <= revision:
                changes.setdefault(changed, _empty_change())["series_changed"] = True
    return _with_revisions(session, changes)


def _claim_versions(session: Session, series_id: str, revision: int) -> list[Any]:
    o = Observation
    query = select(o.id, o.added_in, o.removed_in).where(
        o.series_id == series_id, o.added_in <= revision
    )
    return list(session.execute(query))


def _series_versions(session: Session, series_id: str, revision: int) -> list[Any]:
    query = select(Series.added_in, Series.removed_in).where(
        Series.id == series_id, Series.added_in <= revision
    )
    return list(session.execute(query))


def _empty_change() -> dict[str, Any]:
    return {"added": set(), "removed": set(), "series_changed": False}


def _with_revisions(session: Session, changes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    ids = sorted(changes)
    rows = {r.id: r for r in session.scalars(select(Revision).where(Revision.id.in_(ids)))}
    tags: dict[int, list[str]] = {}
    for tag in session.scalars(select(Tag).where(Tag.revision_id.in_(ids)).order_by(Tag.name)):
        tags.setdefault(tag.revision_id, []).append(tag.name)
    return [_vintage(rows[i], tags.get(i, []), changes[i]) for i in ids]


def _vintage(row: Revision, tags: list[str], change: dict[str, Any]) -> dict[str, Any]:
    added, removed = change["added"], change["removed"]
    created = row.created_at
    return {
        "revision": row.id,
        "created_at": created if created.tzinfo else created.replace(tzinfo=dt.UTC),
        "author": row.author,
        "message": row.message,
        "tags": tags,
        "claims_added": len(added - removed),
        "claims_corrected": len(added & removed),
        "claims_removed": len(removed - added),
        "series_changed": change["series_changed"],
    }
