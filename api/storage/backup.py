"""Backups of the whole database with its full history, and restoring them.

A backup is gzip-compressed JSON Lines: a header (format, schema migration, time), then for
each table in dependency order a line naming the table and its columns followed by one
line per row. Every table of the schema is included (every version of every entity,
revisions, tags, token hashes, idempotency records), so a restored database answers every
request at every revision exactly as the original did. It is a different thing from the
data package export, which is one revision's snapshot for readers.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Date, DateTime, Table, func, select, text

from api.errors import DataConflict, InvalidArgument
from api.storage.db import Database
from api.storage.migrate import head_revision, known_revisions
from api.storage.models import Base

FORMAT = "prisoner-counts-backup"
VERSION = 1
BATCH = 1000


def write_backup(db: Database, path: Path) -> dict[str, int]:
    """Write every row of every table to `path`; return the row count per table."""
    counts: dict[str, int] = {}
    with gzip.open(path, "wt", encoding="utf-8") as out, db.engine.connect() as connection:
        _line(
            out,
            {
                "format": FORMAT,
                "version": VERSION,
                "schema": head_revision(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
            },
        )
        for table in Base.metadata.sorted_tables:
            counts[table.name] = _dump_table(connection, table, out)
    return counts


def restore_backup(db: Database, path: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database, all or nothing."""
    counts: dict[str, int] = {}
    with db.engine.begin() as connection:
        _require_empty(connection)
        lines = _read_lines(path)
        _check_header(next(lines, None))
        table: Table | None = None
        columns: list[Column[Any]] = []
        rows: list[dict[str, Any]] = []
        for entry in lines:
            if isinstance(entry, dict):
                _flush(connection, table, rows, counts)
                table, rows = _start_table(connection, entry), []
                columns = [table.columns[name] for name in entry["columns"]]
            else:
                rows.append(_typed_row(table, columns, entry))
                if len(rows) >= BATCH:
                    _flush(connection, table, rows, counts)
        _flush(connection, table, rows, counts)
        _reset_sequences(connection)
    return counts


def _dump_table(connection: Connection, table: Table, out: IO[str]) -> int:
    columns = [c.name for c in table.columns]
    _line(out, {"table": table.name, "columns": columns})
    count = 0
    ordered = select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(ordered):
        _line(out, [_plain(value) for value in row])
        count += 1
    return count


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _typed_row(
    table: Table | None, columns: list[Column[Any]], values: list[Any]
) -> dict[str, Any]:
    if table is None:
        raise InvalidArgument("the backup has a row before any table")
    if len(values) != len(columns):
        raise InvalidArgument(f"a row of table {table.name!r} does not have its table's columns")
    row = {}
    for column, value in zip(columns, values, strict=True):
        if value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        row[column.name] = value
    return row


def _start_table(connection: Connection, entry: dict[str, Any]) -> Table:
    """The table a backup section fills. A backup from an older schema fits when the
    columns added since are nullable or have a default (`names`, 0004; `rule`, 0005)."""
    table = Base.metadata.tables.get(entry.get("table", ""))
    given = entry.get("columns")
    given = given if isinstance(given, list) else []
    known = [] if table is None else [c.name for c in table.columns]
    fits = bool(given) and len(set(given)) == len(given) and set(given) <= set(known)
    missing = [] if table is None else [c for c in table.columns if c.name not in given]
    if table is None or not fits or any(_required(c) for c in missing):
        raise InvalidArgument(f"the backup's table {entry.get('table')!r} does not fit this schema")
    if table.name == "revision_counter":  # a migrated database starts with its own counter row
        connection.execute(table.delete())
    return table


def _required(column: Column[Any]) -> bool:
    return not column.nullable and column.server_default is None


def _flush(
    connection: Connection, table: Table | None, rows: list[dict[str, Any]], counts: dict[str, Any]
) -> None:
    if table is None:
        return
    if rows:
        connection.execute(table.insert(), rows)
    counts[table.name] = counts.get(table.name, 0) + len(rows)
    rows.clear()


def _require_empty(connection: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        if table.name == "revision_counter":
            continue
        if connection.scalar(select(func.count()).select_from(table)):
            raise DataConflict(f"restore needs an empty database; table {table.name} has rows")


def _check_header(header: Any) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidArgument("this file is not a prisoner-counts backup")
    if header.get("schema") not in known_revisions():  # older ones fit; tables check columns
        raise InvalidArgument(
            f"the backup's schema is {header.get('schema')!r}, newer than this database's "
            f"{head_revision()!r} or unknown to it: restore with the version that wrote it"
        )


def _read_lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)
    except (OSError, ValueError) as error:
        raise InvalidArgument(f"cannot read the backup {path.name}: {error}") from None


def _reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move each serial counter past the restored keys."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        serial = [c for c in table.primary_key.columns if c.autoincrement is True]
        for column in serial:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                )
            )


def _line(out: IO[str], value: Any) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")
