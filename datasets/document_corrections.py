"""Corrections of stored documents (`document_corrections.csv`), applied as new versions.

A changeset never edits an earlier one, so a document an earlier changeset shipped (its
title, its original publisher, the copy that was read) is corrected by a row here:

- `url`: the document's address as stored now (the key);
- any of `new_url`, `title`, `publisher`, `published_at`, `language`, `archive_url`,
  `retrieved_at`, `republished_by`, `mirror`: an empty cell leaves the field as it is,
  `(empty)` clears it (`new_url` cannot be cleared);
- `reason`: required, why the document changes (kept in the file, not stored).

Each row closes the document's current version and adds the corrected one
(`RevisionWriter.update_entity`): the document keeps its id, its claims keep citing it, and
answers pinned to earlier revisions show it as it was. Values are checked by the write API's
document schema. A bad row refuses the whole changeset, with its file and line.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select

from api.storage.models import Document
from api.storage.visibility import alive_at
from api.storage.writer import RevisionWriter
from datasets.rows import RowError, document_changes

CLEARED: Final = "(empty)"
FIELDS: Final = (
    "new_url",
    "title",
    "publisher",
    "published_at",
    "language",
    "archive_url",
    "retrieved_at",
    "republished_by",
    "mirror",
)
COLUMNS: Final = ("url", *FIELDS, "reason")


class DocumentCorrections:
    """Applies the rows of one changeset's document_corrections.csv, one document each."""

    def __init__(self, writer: RevisionWriter) -> None:
        self.writer = writer
        self.corrected: dict[int, str] = {}  # document id -> the url its row named

    def apply(self, row: dict[str, str]) -> int:
        """Correct the document the row names; return its id."""
        unknown = [column or "(a cell past the header)" for column in row if column not in COLUMNS]
        if unknown:
            raise RowError(
                f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}"
            )
        url, reason = _cell(row, "url"), _cell(row, "reason")
        if not url:
            raise RowError("url is empty: it names the stored document to correct")
        if not reason:
            raise RowError("reason is empty: every correction says why")
        document = self._stored(url)
        changes = _changes(row)
        if "url" in changes:
            self._require_free(changes["url"], document.id)
        if all(getattr(document, field) == value for field, value in changes.items()):
            raise RowError(f"the correction changes nothing in document {document.id} ({url})")
        self.writer.update_entity(Document, document.id, **changes)
        self.corrected[document.id] = url
        return int(document.id)

    def _stored(self, url: str) -> Document:
        found = self._alive_with(url)
        if not found:
            raise RowError(f"url {url!r} is not the address of a stored document")
        if len(found) > 1:
            ids = ", ".join(str(d.id) for d in found)
            raise RowError(f"url {url!r} is the address of documents {ids}: which one is meant?")
        document = found[0]
        if document.id in self.corrected:
            earlier = self.corrected[document.id]
            raise RowError(
                f"document {document.id} is corrected twice (also as {earlier!r}): "
                "give each document one row"
            )
        if document.added_in == self.writer.revision:
            raise RowError(
                f"document {url!r} is added by this changeset: write it right in documents.csv"
            )
        return document

    def _require_free(self, new_url: str, document_id: int) -> None:
        others = [d.id for d in self._alive_with(new_url) if d.id != document_id]
        if others:
            raise RowError(f"new_url {new_url!r} is already the address of document {others[0]}")

    def _alive_with(self, url: str) -> list[Document]:
        self.writer.session.flush()
        query = select(Document).where(
            Document.url == url, alive_at(Document, self.writer.revision)
        )
        return list(self.writer.session.scalars(query.order_by(Document.id)))


def _changes(row: dict[str, str]) -> dict[str, Any]:
    """The fields the row changes: given values checked by the API's schema, `(empty)` cleared."""
    given = {field: _cell(row, field) for field in FIELDS if _cell(row, field)}
    if given.get("new_url") == CLEARED:
        raise RowError("new_url cannot be cleared: a document always has an address")
    cleared = [field for field, value in given.items() if value == CLEARED]
    written = {
        ("url" if field == "new_url" else field): value
        for field, value in given.items()
        if value != CLEARED
    }
    changes = document_changes(written) | dict.fromkeys(cleared)
    if not changes:
        raise RowError("the correction changes nothing: give at least one field")
    return changes


def _cell(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()
