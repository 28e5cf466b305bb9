"""The database handle: engine, sessions and the SQLite settings the store relies on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from api.storage.revision_watch import RevisionWatch


class Database:
    """One engine and its session factory; created per app, kept in `app.extensions`."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, **_engine_options(url, engine_options))
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Writers on SQLite take the write lock at BEGIN, so that two writers queue
        # instead of one failing when it tries to upgrade its read lock.
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)
        memory = self.engine.dialect.name == "sqlite" and _is_memory(self.engine)
        self.watch = RevisionWatch(self.engine, keep_connections=not memory)

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; it never commits."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits at the end, or rolls back whole on any error."""
        with self._write_sessions() as session, session.begin():
            yield session

    def scrub(self) -> bool:
        """SQLite: copy the WAL into the database file and truncate it, so that what a
        rewrite replaced is in no file; True when the checkpoint completed (PostgreSQL: no
        such step, False)."""
        if self.dialect != "sqlite" or _is_memory(self.engine):
            return False
        connection = self.engine.raw_connection()  # autocommit: no transaction of its own
        try:
            for attempt in range(5):  # a reader may hold the WAL for a moment
                cursor = connection.cursor()
                busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                cursor.close()
                if not busy:
                    return True
                time.sleep(0.2 * (attempt + 1))
            return False
        finally:
            connection.close()

    def dispose(self) -> None:
        """Close every connection (before a fork, or at the end of tests)."""
        self.watch.close()
        self.engine.dispose()


def _engine_options(url: str, options: dict[str, Any]) -> dict[str, Any]:
    merged = {"future": True, **options}
    if url.startswith("postgresql"):
        merged.setdefault("pool_pre_ping", True)
    return merged


def _configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, foreign keys on, and transactions SQLAlchemy controls."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let BEGIN be issued explicitly
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if not _is_memory(engine):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _is_memory(engine: Engine) -> bool:
    database = engine.url.database
    return not database or database == ":memory:"
