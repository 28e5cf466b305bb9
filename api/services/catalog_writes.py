"""Write actions on sources, series and documents, and naming revisions with tags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.domain import series_key
from api.errors import InvalidArgument
from api.services.writing import Action
from api.storage.db import Database
from api.storage.models import Document, Series, Source
from api.storage.revision_queries import latest_revision_id
from api.storage.writer import RevisionWriter, add_tag


def add_source(fields: dict[str, Any]) -> Action:
    """A new source."""
    return lambda writer: {"source_ids": [writer.add_source(**fields)]}


def add_series(fields: dict[str, Any]) -> Action:
    """A new series; its id follows from country, measure and source."""
    expected = series_key(fields["country"], fields["measure"], fields["source_id"])
    if fields.pop("id", expected) != expected:
        raise InvalidArgument(
            f"a series of these fields has the id {expected!r}", {"id": [expected]}
        )
    return lambda writer: {"series_ids": [writer.add_series(id=expected, **fields)]}


def add_document(fields: dict[str, Any]) -> Action:
    """A new document."""
    return lambda writer: {"document_ids": [writer.add_document(**fields)]}


def update(model: Any, stable_id: Any, changes: dict[str, Any]) -> Action:
    """A new version of a source, series or document with some fields changed."""
    if not changes:
        raise InvalidArgument("give at least one field that changes")
    key = {Source: "source_ids", Series: "series_ids", Document: "document_ids"}[model]

    def action(writer: RevisionWriter) -> dict[str, Any]:
        writer.update_entity(model, stable_id, **changes)
        return {key: [stable_id]}

    return action


def tag(db: Database, name: str, revision: int | None, message: str | None) -> dict[str, Any]:
    """Name a revision (the latest by default). A tag is not a revision of its own."""
    with db.write() as session:
        target = revision or latest_revision_id(session)
        if target is None:
            raise InvalidArgument("there is no revision to tag yet")
        add_tag(session, name, target, dt.datetime.now(dt.UTC), message)
    return {"revision": target, "tag": name}
