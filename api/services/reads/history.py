"""The revision history and tags."""

from __future__ import annotations

from typing import Any

from api.errors import NotFound
from api.services.results import Item, Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import revision_queries as q
from api.storage.db import Database


def list_revisions(db: Database, as_of: str | None, offset: int, limit: int) -> Page[Any]:
    """Revisions up to the asked one, newest first."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        rows = q.list_revisions(session, revision, offset, limit + 1)
        return page_of(revision, rows, offset, limit)


def get_revision(db: Database, revision_id: int, as_of: str | None = None) -> Item[Any]:
    """One revision and what it added, corrected and removed; unknown past `as_of`."""
    with db.read() as session:
        upto = resolve_as_of(session, as_of)
        row = q.revision_row(session, revision_id, upto)
        if row is None or revision_id > upto:
            raise NotFound(f"revision {revision_id} does not exist")
        return Item(revision_id, {**row, "changes": q.revision_changes(session, revision_id)})


def list_tags(db: Database, as_of: str | None) -> Page[Any]:
    """Tags of the revisions up to the asked one."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        return Page(revision, q.list_tags(session, revision))
