"""The change feed: every insert, correction and retraction after a revision."""

from __future__ import annotations

from typing import Any

from api.errors import InvalidArgument
from api.services.results import Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import change_queries, revision_queries
from api.storage.db import Database


def list_changes(
    db: Database, since: int, as_of: str | None, offset: int, limit: int | None
) -> Page[Any]:
    """Changes after revision `since` up to `as_of` (the latest by default), in order."""
    with db.read() as session:
        until = resolve_as_of(session, as_of)
        if since > until:
            raise InvalidArgument(
                f"since={since} is after revision {until}", {"since": [f"at most {until}"]}
            )
        fetch = None if limit is None else limit + 1
        rows = change_queries.changes_between(session, since, until, offset, fetch)
    for row in rows:
        row["created_at"] = revision_queries.as_utc(row["created_at"])
    page = page_of(until, rows, offset, limit)
    page.meta.update(since=since)
    return page


def recent_revisions(db: Database, count: int = 50) -> Page[Any]:
    """The newest revisions, for the Atom feed of changes."""
    with db.read() as session:
        latest = revision_queries.latest_revision_id(session) or 0
        return Page(latest, revision_queries.list_revisions(session, latest, 0, count))
