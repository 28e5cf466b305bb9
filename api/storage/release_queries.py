"""Release batches at a revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.domain.records import Batch
from api.storage.models import ReleaseBatch, Revision
from api.storage.visibility import alive_at

BATCH_FIELDS = (
    "release_id",
    "date",
    "date_precision",
    "country",
    "category",
    "mechanism",
    "brokered_by",
    "title",
    "note",
)


def releases_at(session: Session, revision: int, filters: dict[str, Any]) -> list[Batch]:
    """Release batch events alive at `revision`, by date, filtered."""
    r = ReleaseBatch
    columns = [r.id if name == "release_id" else getattr(r, name) for name in BATCH_FIELDS]
    query = select(*columns).where(alive_at(r, revision))
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
    return [Batch(*row) for row in session.execute(query.order_by(r.date, r.id))]


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
