"""The revisions that changed a series: ALFRED's vintage dates.

(The claims as first published are read by `claim_queries.first_release_claims`.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.models import Observation, Revision, Series, Tag


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
