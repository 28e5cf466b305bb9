"""Write actions on claims and release batches: add, correct, retract.

Each function returns an action for `api.services.writing.perform`, which runs it inside
the one transaction of the request's revision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api.errors import DataConflict, InvalidArgument
from api.services.writing import Action
from api.storage.models import Document, ReleaseBatch
from api.storage.visibility import alive_at
from api.storage.writer import RevisionWriter

_CLAIM_COLUMNS = (
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "status",
    "reported_by",
    "quote",
    "note",
    "release_id",
)
_DOCUMENT_FIELDS = {
    "document_title": "title",
    "publisher": "publisher",
    "published_at": "published_at",
}


class DocumentResolver:
    """Finds or creates the document a claim cites, by id or by address."""

    def __init__(self, writer: RevisionWriter) -> None:
        self.writer = writer
        self.by_url: dict[str, int] = {}
        self.created: list[int] = []

    def document_id(self, claim: dict[str, Any]) -> int:
        """The id of the claim's document, creating it from the claim's fields if new."""
        if "document_id" in claim:
            self.writer.require_alive(Document, claim["document_id"], "document")
            return int(claim["document_id"])
        url = claim["document_url"]
        if url not in self.by_url:
            self.by_url[url] = self._stored(url, claim) or self._create(url, claim)
        return self.by_url[url]

    def _stored(self, url: str, claim: dict[str, Any]) -> int | None:
        session = self.writer.session
        session.flush()
        stored = session.scalar(
            select(Document).where(Document.url == url, alive_at(Document, self.writer.revision))
        )
        if stored is None:
            return None
        for field, column in _DOCUMENT_FIELDS.items():
            given = claim.get(field)
            if given is not None and given != getattr(stored, column):
                raise DataConflict(
                    f"document {stored.id} ({url}) has {column} {getattr(stored, column)!r}, "
                    f"not {given!r}; correct the document with PATCH /v1/documents/{stored.id}"
                )
        return int(stored.id)

    def _create(self, url: str, claim: dict[str, Any]) -> int:
        fields = {column: claim.get(field) for field, column in _DOCUMENT_FIELDS.items()}
        created = self.writer.add_document(url=url, **fields)
        self.created.append(created)
        return created


def claim_fields(claim: dict[str, Any], documents: DocumentResolver) -> dict[str, Any]:
    """The stored fields of a validated claim."""
    fields = {column: claim[column] for column in _CLAIM_COLUMNS if column in claim}
    fields["is_primary"] = claim.get("primary", False)
    fields["document_id"] = documents.document_id(claim)
    return fields


def add_claims(claims: list[dict[str, Any]]) -> Action:
    """Add new claims, creating the documents they cite by address when new."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        documents = DocumentResolver(writer)
        ids = [writer.add_observation(**claim_fields(claim, documents)) for claim in claims]
        return {"observation_ids": ids, "document_ids": documents.created}

    return action


def correct_claim(observation_id: int, changes: dict[str, Any]) -> Action:
    """Close the claim's current version and add the corrected one."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        documents = DocumentResolver(writer)
        fields = {column: changes[column] for column in _CLAIM_COLUMNS if column in changes}
        if "primary" in changes:
            fields["is_primary"] = changes["primary"]
        if "document_id" in changes or "document_url" in changes:
            fields["document_id"] = documents.document_id(changes)
        if not fields:
            raise InvalidArgument("a correction needs at least one field that changes")
        if fields.get("release_id"):
            writer.require_alive(ReleaseBatch, fields["release_id"], "release")
        writer.correct_observation(observation_id, **fields)
        return {"observation_ids": [observation_id], "document_ids": documents.created}

    return action


def retract_claim(observation_id: int) -> Action:
    """Close the claim's current version; nothing is destroyed."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        writer.retract_observation(observation_id)
        return {"observation_ids": [observation_id]}

    return action


def add_release(batch: dict[str, Any]) -> Action:
    """Add a release batch event and its claims, which point at it."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        claims = batch.pop("claims")
        release_id = writer.add_release(id=batch.pop("release_id"), **batch)
        for claim in claims:
            claim["release_id"] = release_id
        created = add_claims(claims)(writer)
        return {"release_ids": [release_id], **created}

    return action
