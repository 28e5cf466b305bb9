"""Applying the shipped changesets, in order, each as one revision.

`datasets/changesets/` holds one folder per changeset, applied in the order of their names
(`0001-initial`, `0002-…`). A changeset folder has `changeset.json` (message, author,
`created_at`, optional tag) and any of `sources.csv`, `series.csv`, `documents.csv`,
`document_corrections.csv` (new versions of stored documents: `document_corrections.py`),
`releases.csv`, `observations.csv` and `names.csv` (names in other languages: `names.py`). The
database records which changesets it holds (`revisions.changeset`), so `load_pending`
applies only the new ones, on top of what is there, never touching it.

`created_at` (when the changeset was made, ISO 8601 in UTC) becomes the revision's time, so
every installation gives revisions 1…N the same times; a changeset loaded after newer
revisions takes the latest revision's time instead (times never go backwards).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ApiError, InvalidArgument
from api.storage.db import Database
from api.storage.models import Document, Revision
from api.storage.visibility import alive_at
from api.storage.writer import RevisionWriter
from datasets import corrections, rows
from datasets.document_corrections import DocumentCorrections
from datasets.names import PendingNames

CHANGESETS = Path(__file__).parent / "changesets"


@dataclass(frozen=True)
class Changeset:
    """One folder of shipped changes."""

    name: str
    path: Path
    message: str
    author: str
    tag: str | None
    created_at: str | None  # as written in changeset.json; `made_at()` reads it
    rule: int | None = None  # the preferred-claim rule that takes effect with it

    def made_at(self) -> dt.datetime:
        """When the changeset was made (`created_at`), in UTC; ChangesetError if not given."""
        try:
            return _created_at(self.created_at)
        except ValueError as error:
            raise ChangesetError(f"{self.path / 'changeset.json'}: {error}") from None

    def table(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """Rows of one CSV file with their line numbers; nothing if the file is absent."""
        path = self.path / f"{name}.csv"
        if not path.exists():
            return
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, row


class ChangesetError(InvalidArgument):
    """A changeset file that cannot be applied; names the file, line and problem."""


def changesets(root: Path = CHANGESETS) -> list[Changeset]:
    """Every changeset under `root`, in order."""
    return [_read_changeset(path) for path in sorted(root.iterdir()) if path.is_dir()]


def pending(session: Session, root: Path = CHANGESETS) -> list[Changeset]:
    """The changesets the database does not hold yet."""
    applied = set(session.scalars(select(Revision.changeset).where(Revision.changeset.isnot(None))))
    return [c for c in changesets(root) if c.name not in applied]


def load_pending(database: Database, root: Path = CHANGESETS) -> list[int]:
    """Apply every pending changeset, each in its own transaction; return the new revisions."""
    with database.read() as session:
        todo = pending(session, root)
    for changeset in todo:  # each must say when it was made, checked before any is applied
        changeset.made_at()
    return [apply(database, changeset) for changeset in todo]


def apply(database: Database, changeset: Changeset) -> int:
    """Apply one changeset as one revision, all or nothing."""
    with database.write() as session:
        writer = RevisionWriter(
            session,
            changeset.author,
            changeset.message,
            changeset.name,
            now=changeset.made_at(),
            rule=changeset.rule,
        )
        _apply_tables(writer, changeset)
        if changeset.tag:
            writer.add_tag(changeset.tag, changeset.message)
        return writer.revision


def _apply_tables(writer: RevisionWriter, changeset: Changeset) -> None:
    try:
        names = PendingNames(changeset.table("names"))
    except rows.RowError as error:
        raise ChangesetError(f"{changeset.name}/names.csv {error}") from None
    source, series = rows.source_fields, rows.series_fields
    corrected = DocumentCorrections(writer)
    steps: list[tuple[str, Callable[[dict[str, str]], Any]]] = [
        ("sources", lambda row: writer.add_source(**names.into_new("source", source(row)))),
        ("series", lambda row: writer.add_series(**names.into_new("series", series(row)))),
        ("documents", lambda row: writer.add_document(**rows.document_fields(row))),
        ("document_corrections", corrected.apply),
        ("releases", lambda row: writer.add_release(**rows.release_fields(row))),
        ("observations", lambda row: _add_observation(writer, row)),
    ]
    for table, add in steps:
        for line, row in changeset.table(table):
            try:
                add(row)
            except (rows.RowError, ApiError) as error:
                raise ChangesetError(f"{changeset.name}/{table}.csv line {line}: {error}") from None
    _apply_judgements(writer, changeset)
    try:
        names.into_stored(writer)
    except ApiError as error:
        raise ChangesetError(f"{changeset.name}/names.csv: {error}") from None


def _apply_judgements(writer: RevisionWriter, changeset: Changeset) -> None:
    """Corrections of shipped claims, then curator marks (`datasets/corrections.py`)."""
    root = changeset.path.parent

    def documents(url: str) -> int:
        return _document_id(writer, url)

    steps: tuple[tuple[str, Callable[[Iterator[tuple[int, dict[str, str]]]], None]], ...] = (
        ("corrections", lambda t: corrections.apply_corrections(writer, root, t, documents)),
        ("marks", lambda t: corrections.apply_marks(writer, root, t)),
    )
    for table, apply_rows in steps:
        try:
            apply_rows(changeset.table(table))
        except (rows.RowError, ApiError) as error:
            raise ChangesetError(f"{changeset.name}/{table}.csv {error}") from None


def _add_observation(writer: RevisionWriter, row: dict[str, str]) -> int:
    fields = rows.observation_fields(row)
    url = (row.get("document_url") or "").strip()
    fields["document_id"] = _document_id(writer, url)
    return writer.add_observation(**fields)


def _document_id(writer: RevisionWriter, url: str) -> int:
    writer.session.flush()
    found = writer.session.scalar(
        select(Document.id).where(Document.url == url, alive_at(Document, writer.revision))
    )
    if found is None:
        raise rows.RowError(f"document_url {url!r} is not in documents.csv nor stored")
    return int(found)


def _read_changeset(path: Path) -> Changeset:
    meta_path = path / "changeset.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return Changeset(
            name=path.name,
            path=path,
            message=meta["message"],
            author=meta.get("author", "datasets"),
            tag=meta.get("tag"),
            created_at=meta.get("created_at"),
            rule=meta.get("rule"),
        )
    except (OSError, ValueError, KeyError) as error:
        raise ChangesetError(f"{meta_path}: {error}") from None


def _created_at(text: object) -> dt.datetime:
    """`created_at` of changeset.json: a time with its zone (UTC), refused when missing."""
    example = '"created_at": "2026-12-02T15:00:00Z"'
    if not text:
        raise ValueError(
            f"created_at is missing: a changeset must say when it was made, in UTC ({example})"
        )
    try:
        moment = dt.datetime.fromisoformat(str(text)) if len(str(text)) > 10 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"created_at {text!r} is not an ISO 8601 time with its zone ({example})")
    return moment.astimezone(dt.UTC)
