"""Reads of revisions and tags: resolving `as_of`, listing history, what a revision changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.models import (
    Document,
    Observation,
    ReleaseBatch,
    Revision,
    Series,
    Source,
    Tag,
)

# The time of "revision 0", the empty store: fixed, so that even its answers never depend on
# the day they were made.
NO_REVISION_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
VERSIONED: dict[str, Any] = {
    "sources": Source,
    "series": Series,
    "documents": Document,
    "releases": ReleaseBatch,
    "observations": Observation,
}


def latest_revision_id(session: Session) -> int | None:
    """The newest committed revision, or None for an empty store."""
    return session.scalar(select(func.max(Revision.id)))


def rule_at(session: Session, revision_id: int) -> int:
    """The preferred-claim rule in force at a revision (rule 1 before any revision)."""
    return int(session.scalar(select(Revision.rule).where(Revision.id == revision_id)) or 1)


def rules_of(session: Session, revision_ids: set[int]) -> dict[int, int]:
    """The rule in force at each of the revisions."""
    if not revision_ids:
        return {}
    query = select(Revision.id, Revision.rule).where(Revision.id.in_(sorted(revision_ids)))
    return {int(i): int(r or 1) for i, r in session.execute(query)}


def revision_row(
    session: Session, revision_id: int, as_of: int | None = None
) -> dict[str, Any] | None:
    """One revision with the tags it had at `as_of` (default: its own revision), or None."""
    row = session.get(Revision, revision_id)
    if row is None:
        return None
    return _revision_dict(row, _tags_by_revision(session, [revision_id], as_of or revision_id))


def tag_revision_id(session: Session, name: str) -> int | None:
    """The revision a tag names, or None."""
    return session.scalar(select(Tag.revision_id).where(Tag.name == name))


def revision_at_time(session: Session, moment: dt.datetime) -> int | None:
    """The newest revision created at or before `moment`, or None."""
    return session.scalar(select(func.max(Revision.id)).where(Revision.created_at <= moment))


def latest_revision_time(session: Session) -> dt.datetime | None:
    """The time of the newest revision (times never decrease with the id), or None."""
    found = session.scalar(select(func.max(Revision.created_at)))
    return None if found is None else as_utc(found)


def list_revisions(session: Session, up_to: int, offset: int, limit: int) -> list[dict[str, Any]]:
    """Revisions up to `up_to`, newest first."""
    rows = session.scalars(
        select(Revision)
        .where(Revision.id <= up_to)
        .order_by(Revision.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    tags = _tags_by_revision(session, [r.id for r in rows], up_to)
    return [_revision_dict(r, tags) for r in rows]


def list_tags(session: Session, up_to: int) -> list[dict[str, Any]]:
    """Tags of revisions up to `up_to`, newest revision first."""
    rows = session.execute(
        select(Tag.name, Tag.revision_id, Tag.created_in, Tag.created_at, Tag.message)
        .where(Tag.created_in <= up_to)
        .order_by(Tag.revision_id.desc(), Tag.name)
    )
    return [{**r._mapping, "created_at": as_utc(r.created_at)} for r in rows]


def revision_changes(session: Session, revision_id: int) -> dict[str, dict[str, list[Any]]]:
    """Stable ids that the revision added, corrected and removed, per kind of entity."""
    return {name: _changes_of(session, model, revision_id) for name, model in VERSIONED.items()}


def _changes_of(session: Session, model: Any, revision_id: int) -> dict[str, list[Any]]:
    added = set(session.scalars(select(model.id).where(model.added_in == revision_id)))
    removed = set(session.scalars(select(model.id).where(model.removed_in == revision_id)))
    return {
        "added": sorted(added - removed),
        "corrected": sorted(added & removed),
        "removed": sorted(removed - added),
    }


def _tags_by_revision(
    session: Session, revision_ids: list[int], as_of: int
) -> dict[int, list[str]]:
    """The tags each revision had at `as_of` (a tag exists from the revision that made it)."""
    tags: dict[int, list[str]] = {}
    rows = session.execute(
        select(Tag.revision_id, Tag.name)
        .where(Tag.revision_id.in_(revision_ids), Tag.created_in <= as_of)
        .order_by(Tag.name)
    )
    for revision_id, name in rows:
        tags.setdefault(revision_id, []).append(name)
    return tags


def _revision_dict(row: Revision, tags: dict[int, list[str]]) -> dict[str, Any]:
    return {
        "id": row.id,
        "created_at": as_utc(row.created_at),
        "author": row.author,
        "message": row.message,
        "changeset": row.changeset,
        "tags": tags.get(row.id, []),
        "rule": row.rule,
    }


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time in UTC: SQLite hands back naive ones, PostgreSQL the session's zone."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
