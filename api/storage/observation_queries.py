"""Every stored version of one claim, with the revision that wrote it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from api.storage.models import Document, Observation, Revision
from api.storage.visibility import alive_at


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
            o.part,
            o.counted,
            o.curator_mark,
            o.curator_reason,
        )
        .join(Revision, Revision.id == o.added_in)
        .join(d, and_(d.id == o.document_id, alive_at(d, o.added_in)))
        .where(o.id == observation_id)
        .order_by(o.version)
    )
    return [dict(row._mapping) for row in session.execute(query)]
