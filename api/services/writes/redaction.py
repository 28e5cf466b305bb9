"""Redaction: the one exception to append-only, for text that must come down.

A name may have to be removed for legal or safety reasons. `redact` checks that the text
occurs in the claim or document named (every version of it), then replaces it with
`[redacted]` wherever it is stored: every text column of every table (`REDACTED`) — the
claim's quote and note, other claims, documents, sources, series, batches, revision
messages and authors (so retraction reasons too), tag messages, stored write answers and
the audit log itself. Only keys and controlled vocabularies are left alone (`KEPT`); a
test checks that every text column is one or the other. Numbers, dates and the revision
history stay as they were. An entry in the audit log says who, when, why and where, never
the text.

On SQLite the rewrite runs with `secure_delete` (freed space is zeroed) and is followed by
a WAL checkpoint that truncates the `-wal` file, so the old text is in no database file
afterwards (`scrubbed` says whether the checkpoint completed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import JSON, CursorResult, String, Text, func, select, text, update
from sqlalchemy.orm import Session

from api.errors import InvalidArgument, NotFound
from api.services.results import Page
from api.storage.db import Database
from api.storage.models import Base, Document, Observation, Redaction
from api.storage.revision_queries import latest_revision_id

MARK = "[redacted]"
ENTITIES: dict[str, Any] = {"observation": Observation, "document": Document}
# Text columns that are keys or controlled vocabularies: never rewritten.
KEPT: dict[str, frozenset[str]] = {
    "revisions": frozenset({"changeset"}),
    "tags": frozenset({"name"}),
    "sources": frozenset({"id", "kind"}),
    "series": frozenset({"id", "country", "measure", "source_id", "kind", "unit", "licence"}),
    "documents": frozenset({"language"}),
    "release_batches": frozenset({"id", "date_precision", "country"}),
    "observations": frozenset(
        {"series_id", "date_precision", "qualifier", "status", "release_id", "counted"}
        | {"curator_mark"}
    ),
    "tokens": frozenset({"name", "key_id", "secret_hash", "scope"}),
    "idempotency_records": frozenset({"token_name", "key", "request_hash"}),
    "redactions": frozenset({"kind", "entity_id", "fields"}),
    "aliases": frozenset({"kind", "old_id", "new_id"}),
}
MAX_FIELDS = 200  # the audit log's `fields` column


def text_columns() -> dict[str, list[Any]]:
    """Every text column (String, Text, JSON) of every table, by table name."""
    found: dict[str, list[Any]] = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        found[table.name] = columns
    return found


def redacted_columns() -> dict[str, list[Any]]:
    """The columns redaction rewrites: every text column that is not a key or vocabulary."""
    return {
        table: [c for c in columns if c.name not in KEPT.get(table, frozenset())]
        for table, columns in text_columns().items()
    }


def redact(
    db: Database, kind: str, entity_id: int, text: str, reason: str, author: str
) -> dict[str, Any]:
    """Replace `text` everywhere it is stored; log it; return the audit entry."""
    if kind not in ENTITIES:
        raise InvalidArgument(f"cannot redact a {kind}; only {', '.join(ENTITIES)}")
    if len(text.strip()) < 2 or not reason.strip():
        raise InvalidArgument("give the text to remove (2 characters or more) and a reason")
    model = ENTITIES[kind]
    with db.write() as session:
        _secure_delete(session, True)
        versions = list(session.scalars(select(model).where(model.id == entity_id)))
        if not versions:
            raise NotFound(f"{kind} {entity_id} does not exist")
        columns = redacted_columns()[model.__tablename__]
        held = [c.name for v in versions for c in columns if _has(v, c, text)]
        own = sorted(set(held))
        if not own:
            raise InvalidArgument(f"the text does not occur in {kind} {entity_id}")
        entry = Redaction(
            created_at=dt.datetime.now(dt.UTC),
            author=author,
            reason=reason.strip(),
            kind=kind,
            entity_id=str(entity_id),
            fields="",
            versions=len(versions),
        )
        session.add(entry)
        session.flush()
        # A column of the entity's own table is "elsewhere" too when it changed more rows
        # than the entity's own versions: other claims (or documents) held the text.
        ours = {f"{model.__tablename__}.{name}": held.count(name) for name in own}
        changed = _replace_everywhere(session, text)
        elsewhere = [where for where, rows in changed.items() if rows > ours.get(where, 0)]
        session.refresh(entry)  # its reason may have held the text too
        entry.fields = _fields(own, elsewhere)
        _secure_delete(session, False)
        logged = _entry(entry)
    logged["scrubbed"] = db.scrub()
    return logged


def _has(version: Any, column: Any, text: str) -> bool:
    value = getattr(version, column.key, None)
    return isinstance(value, str) and text in value


def _replace_everywhere(session: Session, text: str) -> dict[str, int]:
    """Rewrite every redacted column holding `text`; the rows changed per `table.column`."""
    changed: dict[str, int] = {}
    for table_name, columns in redacted_columns().items():
        table = Base.metadata.tables[table_name]
        for column in columns:
            if isinstance(column.type, JSON):
                count = _replace_in_json(session, table, column, text)
            else:
                statement = (
                    update(table)
                    .where(_holds(column, text, session.get_bind().dialect.name))
                    .values({column.name: func.replace(column, text, MARK)})
                )
                count = cast(CursorResult[Any], session.execute(statement)).rowcount
            if count:
                changed[f"{table_name}.{column.name}"] = count
    return changed


def _holds(column: Any, text: str, dialect: str) -> Any:
    """`column` holds `text`, case and all (LIKE would ignore case on SQLite)."""
    position = func.instr(column, text) if dialect == "sqlite" else func.strpos(column, text)
    return position > 0


def _replace_in_json(session: Session, table: Any, column: Any, text: str) -> int:
    """Texts inside a JSON column (names by language), rewritten row by row."""
    key = list(table.primary_key.columns)[0]
    count = 0
    for row_key, value in session.execute(select(key, column).where(column.is_not(None))):
        cleaned = _cleaned(value, text)
        if cleaned != value:
            session.execute(update(table).where(key == row_key).values({column.name: cleaned}))
            count += 1
    return count


def _cleaned(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return value.replace(text, MARK)
    if isinstance(value, dict):
        return {_cleaned(k, text): _cleaned(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(item, text) for item in value]
    return value


def _fields(own: list[str], elsewhere: list[str]) -> str:
    """The entity's own fields, then `table.column` of every other place (tables if long)."""
    listed = ",".join([*own, *elsewhere])
    if len(listed) <= MAX_FIELDS:
        return listed
    tables = sorted({where.split(".")[0] + ".*" for where in elsewhere})
    return ",".join([*own, *tables])[:MAX_FIELDS]


def _secure_delete(session: Session, on: bool) -> None:
    """SQLite zeroes what a rewrite frees while this is on (a setting of the connection)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"PRAGMA secure_delete={'ON' if on else 'OFF'}"))


def redaction_log(db: Database) -> Page[Any]:
    """Every redaction, newest first (never the removed text), with the latest revision."""
    with db.read() as session:
        rows = session.scalars(select(Redaction).order_by(Redaction.id.desc()))
        return Page(latest_revision_id(session) or 0, [_entry(row) for row in rows])


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
