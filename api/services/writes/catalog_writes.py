"""Write actions on sources, series and documents, and naming revisions with tags."""

from __future__ import annotations

from typing import Any

from api.domain.vocabulary import series_key
from api.errors import DataConflict, InvalidArgument
from api.services.writes.writing import Action
from api.storage.models import Document, Series, Source
from api.storage.writer import RevisionWriter

MAX_SERIES_ID = 200  # the column's width (PostgreSQL refused a longer id with a 500)


def add_source(fields: dict[str, Any]) -> Action:
    """A new source."""
    return lambda writer: {"source_ids": [writer.add_source(**fields)]}


def add_series(fields: dict[str, Any]) -> Action:
    """A new series; its id follows from country, measure and source."""
    expected = series_key(fields["country"], fields["measure"], fields["source_id"])
    if len(expected) > MAX_SERIES_ID:  # a measure and a source id of 100 each make 204
        raise InvalidArgument(
            f"a series id is at most {MAX_SERIES_ID} characters; {len(expected)} here: "
            "shorten the measure",
            {"measure": [f"the series id would be {len(expected)} characters"]},
        )
    if fields.pop("id", expected) != expected:
        raise InvalidArgument(
            f"a series of these fields has the id {expected!r}", {"id": [expected]}
        )
    return lambda writer: {"series_ids": [writer.add_series(id=expected, **fields)]}


def add_document(fields: dict[str, Any]) -> Action:
    """A new document, at an address no document has: a re-sent POST added a copy each
    time, as claims never do (they cite the stored document of their address)."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        _address_free(writer, fields["url"], None)
        return {"document_ids": [writer.add_document(**fields)]}

    return action


def _address_free(writer: RevisionWriter, url: str, document_id: int | None) -> None:
    stored = writer.document_with_url(url)
    if stored is not None and stored != document_id:
        raise DataConflict(
            f"document {stored} has this address already; change it with "
            f"PATCH /v1/documents/{stored}",
            {"url": [f"document {stored} has this address"]},
        )


ENTITIES: dict[str, tuple[Any, str]] = {
    "source": (Source, "source_ids"),
    "series": (Series, "series_ids"),
    "document": (Document, "document_ids"),
}


def update(kind: str, stable_id: Any, changes: dict[str, Any]) -> Action:
    """A new version of a source, series or document (`kind`) with some fields changed."""
    if not changes:
        raise InvalidArgument("give at least one field that changes")
    model, key = ENTITIES[kind]

    def action(writer: RevisionWriter) -> dict[str, Any]:
        if kind == "document" and "url" in changes:
            _address_free(writer, changes["url"], stable_id)
        writer.update_entity(model, stable_id, **changes)
        return {key: [stable_id]}

    return action


def tag(name: str, revision: int | None, message: str | None) -> Action:
    """Name a revision (the latest before this one by default), as a revision of its own."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        target = revision or writer.revision - 1
        if target < 1:
            raise InvalidArgument("there is no revision to tag yet")
        writer.add_tag(name, message, target)
        return {"tag": name, "tagged_revision": target}

    return action
