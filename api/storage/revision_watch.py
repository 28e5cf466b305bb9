"""The newest revision, read on every cached request for the price of almost nothing.

Every cached answer is keyed by the revision it is for, so each request must learn the
newest revision (a write through any host must show on the next request through every
other). `RevisionWatch` keeps one DBAPI connection per thread, outside the pool, and asks:

- on SQLite, `PRAGMA data_version` first: it changes whenever another connection (any
  process) commits, so the stamp is read again only after a write;
- on PostgreSQL, the stamp itself, two index lookups on one round trip.

The stamp is (revision id, its time, the newest redaction id): redaction rewrites past
versions in place, so answers depend on it too.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from typing import Any

from sqlalchemy import Engine

from api.storage.revision_queries import as_utc

Stamp = tuple[int, dt.datetime, int]
STAMP_SQL = "SELECT id, created_at, (SELECT COALESCE(MAX(id), 0) FROM redactions) FROM revisions"


class RevisionWatch:
    """Stamps of the newest revision, or of one revision by id, for hot paths."""

    def __init__(self, engine: Engine, keep_connections: bool = True) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.keep = keep_connections  # False for in-memory SQLite: its one connection is shared
        self.local = threading.local()
        self.opened: list[Any] = []
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        """Close every connection the watch opened (at dispose time). A request thread still
        running afterwards gets a connection of its own for each question, closed at once."""
        with self.lock:
            opened, self.opened = self.opened, []
            self.closed = True
        for connection in opened:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing from another thread, or already gone
                pass

    def latest(self) -> Stamp | None:
        """The newest revision's stamp; None for an empty store."""
        state = self._state()
        if self.sqlite:
            version = self._fetch(state, "PRAGMA data_version")
            if version is not None and version == state.get("version"):
                return state.get("latest")
            state["version"] = version
        stamp = self._stamp(state, " ORDER BY id DESC LIMIT 1")
        state["latest"] = stamp
        return stamp

    def of(self, revision: int) -> Stamp | None:
        """The stamp of one revision, or None when it does not exist."""
        if not 0 < revision < 2**31:
            return None
        return self._stamp(self._state(), f" WHERE id = {int(revision)}")

    def _forget(self, connection: Any) -> None:
        with self.lock:
            if connection in self.opened:
                self.opened.remove(connection)
        try:
            connection.invalidate()
            connection.close()
        except Exception:  # noqa: BLE001 - it is broken already
            pass

    def _stamp(self, state: dict[str, Any], tail: str) -> Stamp | None:
        row = self._fetch(state, STAMP_SQL + tail, whole=True)
        if row is None:
            return None
        created = row[1] if isinstance(row[1], dt.datetime) else dt.datetime.fromisoformat(row[1])
        return int(row[0]), as_utc(created), int(row[2])

    def _fetch(self, state: dict[str, Any], sql: str, whole: bool = False) -> Any:
        kept = self.keep and not self.closed
        connection = state["connection"] if kept else self.engine.raw_connection()
        if self.closed:
            connection.detach()  # closed for good below, not left in a disposed pool
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            row = cursor.fetchone()
            cursor.close()
            connection.commit()  # never sit idle in a transaction (PostgreSQL)
        except Exception:
            state.clear()  # a broken connection: open a new one next time
            self._forget(connection)
            raise
        finally:
            if not kept:
                connection.close()  # back to the pool (or, once closed, closed)
        if whole or row is None:
            return row
        return row[0]

    def _state(self) -> dict[str, Any]:
        """This thread's connection (opened after a fork, never shared between processes)."""
        state: dict[str, Any] | None = getattr(self.local, "state", None)
        if state is None or state.get("pid") != os.getpid() or "connection" not in state:
            state = {"pid": os.getpid()}
            if self.keep and not self.closed:
                connection = self.engine.raw_connection()
                connection.detach()  # ours for good: the pool neither counts nor recycles it
                state["connection"] = connection
                with self.lock:
                    self.opened.append(connection)
            self.local.state = state
        return state
