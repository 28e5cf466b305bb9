"""Redaction: the one exception to append-only, for text that must come down.

A name in a quote may have to be removed for legal or safety reasons. `redact` replaces the
text in every stored version of a claim (quote, note, reported_by) or a document (title,
publisher) with `[redacted]`, and writes who, when and why to an audit log that the API
shows without the text. Numbers, dates and the revision history stay as they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from api.errors import InvalidArgument, NotFound
from api.services.results import Page
from api.storage.db import Database
from api.storage.models import Document, Observation, Redaction
from api.storage.revision_queries import latest_revision_id

MARK = "[redacted]"
FIELDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "observation": (Observation, ("quote", "note", "reported_by")),
    "document": (Document, ("title", "publisher")),
}


def redact(
    db: Database, kind: str, entity_id: int, text: str, reason: str, author: str
) -> dict[str, Any]:
    """Replace `text` in every version of one claim or document; log it; return the entry."""
    if kind not in FIELDS:
        raise InvalidArgument(f"cannot redact a {kind}; only {', '.join(FIELDS)}")
    if len(text.strip()) < 2 or not reason.strip():
        raise InvalidArgument("give the text to remove (2 characters or more) and a reason")
    model, columns = FIELDS[kind]
    with db.write() as session:
        versions = list(session.scalars(select(model).where(model.id == entity_id)))
        if not versions:
            raise NotFound(f"{kind} {entity_id} does not exist")
        changed = {c for v in versions for c in columns if _replace(v, c, text)}
        if not changed:
            raise InvalidArgument(f"the text does not occur in {kind} {entity_id}")
        entry = Redaction(
            created_at=dt.datetime.now(dt.UTC),
            author=author,
            reason=reason.strip(),
            kind=kind,
            entity_id=str(entity_id),
            fields=",".join(sorted(changed)),
            versions=len(versions),
        )
        session.add(entry)
        session.flush()
        return _entry(entry)


def redaction_log(db: Database) -> Page:
    """Every redaction, newest first (never the removed text), with the latest revision."""
    with db.read() as session:
        rows = session.scalars(select(Redaction).order_by(Redaction.id.desc()))
        return Page(latest_revision_id(session) or 0, [_entry(row) for row in rows])


def _replace(version: Any, column: str, text: str) -> bool:
    value = getattr(version, column)
    if value is None or text not in value:
        return False
    setattr(version, column, value.replace(text, MARK))
    return True


def _entry(row: Redaction) -> dict[str, Any]:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    return {
        "id": row.id,
        "created_at": created,
        "author": row.author,
        "reason": row.reason,
        "kind": row.kind,
        "entity_id": row.entity_id,
        "fields": row.fields.split(","),
        "versions": row.versions,
    }
