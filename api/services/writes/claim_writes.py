"""Write actions on claims and release batches: add, correct, retract.

Each function returns an action for `api.services.writing.perform`, which runs it inside
the one transaction of the request's revision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from api.domain.documents import COPY_FIELDS
from api.errors import ApiError, DataConflict, InvalidArgument
from api.services.writes.writing import Action
from api.storage import claim_marks
from api.storage.models import Document, Observation, ReleaseBatch
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
    "part",
    "counted",
    "curator_mark",
    "curator_reason",
)
_DOCUMENT_FIELDS = {
    "document_title": "title",
    "publisher": "publisher",
    "published_at": "published_at",
    **{field: field for field in COPY_FIELDS},
}


class DocumentResolver:
    """Finds or creates the document a claim cites, by id or by address.

    Details a claim gives about its document (address, title, publisher, date) must agree
    with the stored document and with every other claim of the request: a disagreement is
    a conflict, never silently resolved.
    """

    def __init__(self, writer: RevisionWriter) -> None:
        self.writer = writer
        self.known: dict[str, Document | dict[str, Any]] = {}
        self.ids: dict[str, int] = {}
        self.created: list[int] = []

    def document_id(self, claim: dict[str, Any]) -> int:
        """The id of the claim's document, creating it from the claim's fields if new."""
        if "document_id" in claim:
            cited = self._by_id(int(claim["document_id"]))
            _agree(cited, claim, cited.id)
            return int(cited.id)
        url = claim["document_url"]
        if url not in self.ids:
            stored = self._by_url(url)
            self.ids[url] = stored.id if stored is not None else self._create(url, claim)
            self.known[url] = stored if stored is not None else _details(claim)
        _agree(self.known[url], claim, self.ids[url])
        return self.ids[url]

    def _by_id(self, document_id: int) -> Document:
        stored = self._find(Document.id == document_id)
        if stored is None:
            raise InvalidArgument(f"unknown document {document_id}", {"document_id": ["unknown"]})
        return stored

    def _by_url(self, url: str) -> Document | None:
        return self._find(Document.url == url)

    def _find(self, condition: Any) -> Document | None:
        self.writer.session.flush()
        alive = alive_at(Document, self.writer.revision)
        found: Document | None = self.writer.session.scalar(
            select(Document).where(condition, alive)
        )
        return found

    def _create(self, url: str, claim: dict[str, Any]) -> int:
        fields = {column: claim.get(field) for field, column in _DOCUMENT_FIELDS.items()}
        created = self.writer.add_document(url=url, **fields)
        self.created.append(created)
        return created


def _details(claim: dict[str, Any]) -> dict[str, Any]:
    return {column: claim.get(field) for field, column in _DOCUMENT_FIELDS.items()}


def _agree(known: Document | dict[str, Any], claim: dict[str, Any], document_id: int) -> None:
    """Every document detail the claim gives matches what is known of the document."""
    for field, column in {"document_url": "url", **_DOCUMENT_FIELDS}.items():
        given = claim.get(field)
        have = known.get(column) if isinstance(known, dict) else getattr(known, column)
        if given is not None and have is not None and given != have:
            raise DataConflict(
                f"document {document_id} has {column} {_text(have)}, not {_text(given)}; "
                f"correct the document with PATCH /v1/documents/{document_id}",
                {field: [f"document {document_id} has {_text(have)}"]},
            )


def _text(value: Any) -> str:
    return repr(value.isoformat()) if hasattr(value, "isoformat") else repr(value)


def claim_fields(claim: dict[str, Any], documents: DocumentResolver) -> dict[str, Any]:
    """The stored fields of a validated claim."""
    fields = {column: claim[column] for column in _CLAIM_COLUMNS if column in claim}
    fields["is_primary"] = claim.get("primary", False)
    fields["document_id"] = documents.document_id(claim)
    return fields


def add_claims(
    claims: list[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
    lines: list[int] | None = None,
) -> Action:
    """Add new claims, creating the documents they cite by address when new.

    `lines` gives each claim's line in the CSV file it was read from: an error then names
    the line (and column) as the import's row checks do, not the claim's place in the list.
    """

    def action(writer: RevisionWriter) -> dict[str, Any]:
        documents, duplicates = DocumentResolver(writer), DuplicateGuard(writer)
        ids = []
        for index, claim in enumerate(claims):
            with _about_claim(index, len(claims), lines[index] if lines else None):
                fields = claim_fields(claim, documents)
                duplicates.check(fields)
                ids.append(writer.add_observation(**fields))
            if progress:
                progress(1)
        return {"observation_ids": ids, "document_ids": documents.created}

    return action


@contextmanager
def _about_claim(index: int, count: int, line: int | None = None) -> Iterator[None]:
    """Name the claim of a batch (or the line of a CSV file) that an error is about."""
    try:
        yield
    except ApiError as error:
        errors = error.errors or {}
        if line is not None:
            error.detail = f"line {line}: {error.detail}"
            error.errors = {f"line {line}, column {k}": v for k, v in errors.items()} or None
        elif count > 1:
            error.detail = f"claim {index}: {error.detail}"
            error.errors = {f"observations.{index}.{k}": v for k, v in errors.items()}
        raise


class DuplicateGuard:
    """Refuses a claim identical to a current one (same series, date, value, document, quote)."""

    KEY = ("series_id", "date", "date_precision", "period_start", "value", "document_id", "quote")

    def __init__(self, writer: RevisionWriter) -> None:
        self.writer = writer
        self.seen: dict[str, dict[tuple[Any, ...], int | None]] = {}

    def check(self, fields: dict[str, Any]) -> None:
        """Raise DataConflict if the claim is already stored or already in this request."""
        series_id = fields["series_id"]
        if series_id not in self.seen:  # one query per series, not per claim
            self.seen[series_id] = self._stored(series_id)
        known = self.seen[series_id]
        key = tuple(fields.get(k) for k in self.KEY)
        if key in known:
            where = (
                f"observation {known[key]}" if known[key] else "an earlier claim of this request"
            )
            raise DataConflict(f"an identical claim exists: {where}", {"quote": ["duplicate"]})
        known[key] = None

    def _stored(self, series_id: str) -> dict[tuple[Any, ...], int | None]:
        o = Observation
        columns = [getattr(o, k) for k in self.KEY]
        rows = self.writer.session.execute(
            select(o.id, *columns).where(
                o.series_id == series_id, alive_at(o, self.writer.revision)
            )
        )
        return {tuple(row[1:]): row[0] for row in rows}


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
        claim_marks.correct_claim(writer, observation_id, fields)
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
