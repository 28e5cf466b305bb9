"""Tables of the versioned store.

Every domain table holds *versions*: a row is one version of an entity, alive from the
revision that added it (`added_in`) until the revision that closed it (`removed_in`, NULL
while it is current). A stored value is never overwritten and no row is deleted; a
correction closes the old version and adds a new one under the same stable id. The rows
alive at revision r are those with ``added_in <= r AND (removed_in IS NULL OR removed_in > r)``.

Stable ids are text for entities a human names (sources, series, release batches) and
integers for documents and observations. They are not unique across versions, so the
tables use a surrogate ``pk`` and reference each other by stable id; the writer checks
those references inside the write transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Revision(Base):
    """One change to the data set: an import, an API write, a correction."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    changeset: Mapped[str | None] = mapped_column(String(200), unique=True)
    # The preferred-claim rule in force from this revision on (api.domain.preference).
    rule: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class RevisionCounter(Base):
    """A single row holding the last revision id, locked by each write (no gaps)."""

    __tablename__ = "revision_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class Tag(Base):
    """A name for a revision, so that a frozen data set can be cited.

    Naming is itself a change: a tag is visible from the revision that created it
    (`created_in`) on, so that no answer pinned to an earlier revision ever changes.
    """

    __tablename__ = "tags"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    created_in: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    message: Mapped[str | None] = mapped_column(Text)


def _added_in() -> Mapped[int]:
    return mapped_column(ForeignKey("revisions.id"), index=True)


def _removed_in() -> Mapped[int | None]:
    return mapped_column(ForeignKey("revisions.id"), nullable=True, index=True)


class Source(Base):
    """An organisation or person that counts or reports (Viasna, Belta, a government)."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_id_added", "id", "added_in", unique=True),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    homepage: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    # The name in other languages than English, by language tag: {"be": "..."}.
    names: Mapped[dict[str, str] | None] = mapped_column(JSON)
    added_in: Mapped[int] = _added_in()
    removed_in: Mapped[int | None] = _removed_in()


class Series(Base):
    """One sequence of numbers from one source, country and measure."""

    __tablename__ = "series"
    __table_args__ = (Index("ix_series_id_added", "id", "added_in", unique=True),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    measure: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    method_note: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(100))
    # The title in other languages than English, by language tag.
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)
    added_in: Mapped[int] = _added_in()
    removed_in: Mapped[int | None] = _removed_in()


class Document(Base):
    """A publication in which figures appeared."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_id_added", "id", "added_in", unique=True),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.date | None] = mapped_column(Date)
    retrieved_at: Mapped[dt.date | None] = mapped_column(Date)
    archive_url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    # The host that republished the original (the copy read may be there, in archive_url).
    republished_by: Mapped[str | None] = mapped_column(Text)
    # True when `url` is a copy's address because the copy does not give the original's.
    mirror: Mapped[bool | None] = mapped_column(Boolean)
    added_in: Mapped[int] = _added_in()
    removed_in: Mapped[int | None] = _removed_in()


class ReleaseBatch(Base):
    """One release event; each source's number for it is an observation pointing here."""

    __tablename__ = "release_batches"
    __table_args__ = (Index("ix_release_batches_id_added", "id", "added_in", unique=True),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(100))
    date: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(100))
    mechanism: Mapped[str] = mapped_column(String(100))
    brokered_by: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    added_in: Mapped[int] = _added_in()
    removed_in: Mapped[int | None] = _removed_in()


class Observation(Base):
    """One claim: a value for a series and date, as one publication made it."""

    __tablename__ = "observations"
    __table_args__ = (
        Index("ix_observations_id_version", "id", "version", unique=True),
        Index("ix_observations_series_date", "series_id", "date"),
        Index("ix_observations_release", "release_id"),
        Index("ix_observations_document", "document_id"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    series_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    is_primary: Mapped[bool] = mapped_column(Boolean)
    document_id: Mapped[int] = mapped_column(Integer)
    reported_by: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    release_id: Mapped[str | None] = mapped_column(String(100))
    # The subset the claim counts ("taken to Ukraine"); NULL for a total.
    part: Mapped[str | None] = mapped_column(String(200))
    # How the value was read: NULL when the quote writes it; `sum`, `names` or `misprint`.
    counted: Mapped[str | None] = mapped_column(String(20))
    # A curator's judgement: `preferred` or `disputed` in its group, with the reason.
    curator_mark: Mapped[str | None] = mapped_column(String(20))
    curator_reason: Mapped[str | None] = mapped_column(Text)
    added_in: Mapped[int] = _added_in()
    removed_in: Mapped[int | None] = _removed_in()


class Token(Base):
    """An API token: only its hash is stored; the name is the author of its writes."""

    __tablename__ = "tokens"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyRecord(Base):
    """The answer to a write made with an Idempotency-Key, replayed when it is retried."""

    __tablename__ = "idempotency_records"

    token_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)


class Redaction(Base):
    """An entry of the redaction audit log: who removed text, when and why (never the text)."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(200))
    fields: Mapped[str] = mapped_column(String(200))
    versions: Mapped[int] = mapped_column(Integer)


class Alias(Base):
    """An old id of a renamed source or series, and the id it became at a revision.

    Aliases are append-only like everything else: reads at a revision before the rename
    still find the old id alive, reads after it answer the old id with a redirect.
    """

    __tablename__ = "aliases"
    __table_args__ = (Index("ix_aliases_kind_old_id", "kind", "old_id"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    old_id: Mapped[str] = mapped_column(String(200))
    new_id: Mapped[str] = mapped_column(String(200))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
