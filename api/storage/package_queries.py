"""Whole tables at a revision, for the data package."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.models import Revision, Tag


def revisions_up_to(session: Session, revision: int) -> list[dict[str, Any]]:
    """Every revision up to `revision`, oldest first, with its tags."""
    tags: dict[int, list[str]] = {}
    tag_rows = select(Tag.revision_id, Tag.name).where(Tag.revision_id <= revision)
    for revision_id, name in session.execute(tag_rows.order_by(Tag.name)):
        tags.setdefault(revision_id, []).append(name)
    rows = session.scalars(select(Revision).where(Revision.id <= revision).order_by(Revision.id))
    return [
        {
            "id": row.id,
            "created_at": row.created_at,
            "author": row.author,
            "message": row.message,
            "changeset": row.changeset,
            "tags": " ".join(tags.get(row.id, [])),
        }
        for row in rows
    ]
