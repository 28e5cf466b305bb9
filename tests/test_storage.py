"""Storage settings and the revision counter under concurrent writers."""

from __future__ import annotations

import threading

from sqlalchemy import select

from api.storage.db import Database
from api.storage.models import Revision
from api.storage.writer import RevisionWriter
from tests.conftest import database_of


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/pragma.sqlite")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_concurrent_writers_get_consecutive_revision_ids(empty_app):
    database = database_of(empty_app)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with database.write() as session:
                RevisionWriter(session, f"writer-{number}", "concurrent")
        except BaseException as error:  # noqa: BLE001 - pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as session:
        ids = list(session.scalars(select(Revision.id).order_by(Revision.id)))
    assert ids == list(range(1, 9))


def test_the_revision_watch_keeps_no_connection_opened_after_dispose(databases):
    """A request thread still running when its app is disposed (a browser's keep-alive) asks
    for the newest revision: it gets the answer, and no connection is left open behind it."""
    database = Database(databases.loaded())
    assert database.watch.latest() is not None  # this thread's kept connection
    database.dispose()
    answers: list[object] = []
    thread = threading.Thread(target=lambda: answers.append(database.watch.latest()))
    thread.start()
    thread.join()
    assert answers and answers[0] is not None
    assert database.watch.opened == []
    assert database.engine.pool.checkedout() == 0
    database.dispose()
