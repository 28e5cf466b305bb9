"""Fixtures: apps built by the real factory on SQLite and, when configured, PostgreSQL.

Every database fixture is parametrised over the engines: SQLite always, PostgreSQL when
`TEST_DATABASE_URL` names a server. Each PostgreSQL database lives in a schema of its own
(`test_<random>`), dropped afterwards, so concurrent or earlier runs never see its rows.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from api import create_app
from api.storage import migrate
from api.storage.db import Database
from bench.live_server import NEW_CLAIM, create_token, shipped_sqlite
from datasets.loader import load_pending

FIXTURES = Path(__file__).parent / "fixtures" / "changesets"
__all__ = ["FIXTURES", "NEW_CLAIM", "create_token"]  # imported by tests from here
# A stand-in for the built documentation site (the real one is built by `make guide`).
GUIDE = Path(__file__).parent / "fixtures" / "guide"
PG_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collection's long-lived objects (modules, apps, parameters) leave the garbage collector's
    view: its full passes over them took a fifth of the run's time."""
    gc.freeze()


class DatabaseFactory:
    """Makes empty, migrated databases of one engine and removes them at the end."""

    def __init__(self, engine: str, tmp: Path) -> None:
        self.engine, self.tmp = engine, tmp
        self._schemas: list[str] = []
        self._template: str | None = None
        self._loaded: str | None = None
        self._admin = create_engine(PG_URL) if engine == "postgresql" and PG_URL else None

    def new_url(self) -> str:
        """The URL of a new, empty database (an SQLite file or a PostgreSQL schema)."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        if self.engine == "sqlite":
            return f"sqlite:///{self.tmp / name}.sqlite"
        assert self._admin is not None
        with self._admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        self._schemas.append(name)
        return f"{PG_URL}?options=-csearch_path%3D{name}"

    def migrated(self) -> str:
        """A new database with the schema applied.

        On SQLite the migrations run once per session, into a template that each new
        database is copied from (SQLite's backup API); PostgreSQL runs them every time.
        """
        if self.engine != "sqlite":
            url = self.new_url()
            database = Database(url)
            migrate.upgrade(database)
            database.dispose()
            return url
        if self._template is None:
            self._template = self.new_url()
            database = Database(self._template)
            migrate.upgrade(database)
            database.dispose()
        return self._copy(self._template)

    def loaded(self) -> str:
        """A new database holding the fixture data set (revisions 1 and 2).

        On SQLite the fixtures are loaded once per session, into a template that each new
        database is copied from; PostgreSQL migrates and loads every time.
        """
        if self.engine == "sqlite" and self._loaded is not None:
            return self._copy(self._loaded)
        url = self.migrated()
        database = Database(url)
        load_pending(database, FIXTURES)
        database.dispose()
        if self.engine != "sqlite":
            return url
        self._loaded = url
        return self._copy(url)

    def _copy(self, template: str) -> str:
        url = self.new_url()
        with sqlite3.connect(_path(template)) as source, sqlite3.connect(_path(url)) as copy:
            source.backup(copy)
        return url

    def drop_all(self) -> None:
        """Drop every PostgreSQL schema this factory made."""
        if self._admin is None:
            return
        for name in self._schemas:  # one transaction each: a drop takes a lock per table
            with self._admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self._admin.dispose()


def _path(sqlite_url: str) -> str:
    return sqlite_url.removeprefix("sqlite:///")


@pytest.fixture(scope="session", params=ENGINES)
def databases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A database factory for one engine (the test runs once per engine)."""
    factory = DatabaseFactory(request.param, tmp_path_factory.mktemp(request.param))
    yield factory
    factory.drop_all()


_MADE: list[Flask] = []
SLOTS = os.path.join(tempfile.gettempdir(), f"prisoner-counts-tests-{os.getpid()}", "slots")


def test_settings(url: str) -> dict[str, object]:
    """The settings every test app starts from."""
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",  # counts of this app alone, when turned on
        # Keys of this app alone in the host's count file too (instance/, kept between runs):
        # a store that fails falls back to it, and a run in the same minute saw the last one's.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "CHART_SLOTS_FOLDER": SLOTS,  # drawing slots of this test process alone
        "GUIDE_DIR": str(GUIDE),
    }


class ReadingClient(FlaskClient):
    """A test client that reads every answer whole when it arrives, as a server would send it.

    A streamed answer left unread kept its database connection checked out after the test
    disposed of the app; the connection was then closed by the garbage collector at some later
    test, as a ResourceWarning there.
    """

    def open(self, *args: Any, buffered: bool = True, **kwargs: Any) -> TestResponse:
        return super().open(*args, buffered=buffered, **kwargs)


def tested(app: Flask) -> Flask:
    """`app`, whose test clients read each answer whole."""
    app.test_client_class = ReadingClient
    return app


def make_app(url: str, **config: object) -> Flask:
    """An app on `url` with test settings; its connections close after the test."""
    app = tested(create_app({**test_settings(url), **config}))
    _MADE.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_apps() -> Iterator[None]:
    """Dispose of every app a test made, even when the test fails."""
    yield
    while _MADE:
        database_of(_MADE.pop()).dispose()


def database_of(app: Flask) -> Database:
    """The app's database handle."""
    database: Database = app.extensions["database"]
    return database


@pytest.fixture(scope="session")
def fixture_url(databases: DatabaseFactory) -> str:
    """A database holding the tiny synthetic fixture data set (revisions 1 and 2)."""
    return databases.loaded()


@pytest.fixture(scope="session")
def shipped_url(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the shipped data set, loaded as `make serve` loads it (on SQLite, the
    file the client's tests read too)."""
    if databases.engine == "sqlite":
        return shipped_sqlite(tmp_path_factory.getbasetemp())
    url = databases.migrated()
    database = Database(url)
    load_pending(database)
    database.dispose()
    return url


@pytest.fixture(scope="session")
def _fixture_app(fixture_url: str) -> Iterator[Flask]:
    app = tested(create_app(test_settings(fixture_url)))
    yield app
    database_of(app).dispose()


@pytest.fixture()
def app(_fixture_app: Flask) -> Flask:
    """The app on the fixture data set, one per session (read-only: tests must not write to
    it, nor change its settings; `configured_app` makes apps of other settings)."""
    return _fixture_app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture()
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of `app`."""
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def _shipped_app(shipped_url: str) -> Iterator[Flask]:
    app = tested(
        create_app(
            {
                "TESTING": True,
                "DATABASE_URL": shipped_url,
                "RATELIMIT_ENABLED": False,
                "CHART_SLOTS_FOLDER": SLOTS,  # not instance/'s, which every test process shares
            }
        )
    )
    yield app
    database_of(app).dispose()


@pytest.fixture()
def shipped_client(_shipped_app: Flask) -> FlaskClient:
    """A test client on the shipped data set (read-only; one app per session)."""
    return _shipped_app.test_client()


@pytest.fixture()
def empty_app(databases: DatabaseFactory) -> Iterator[Flask]:
    """An app on a new, migrated, empty database of its own: for tests that write."""
    app = make_app(databases.migrated())
    yield app
    database_of(app).dispose()


@pytest.fixture()
def loaded_app(databases: DatabaseFactory) -> Iterator[Flask]:
    """An app on a database of its own holding the fixture data set: for tests that write."""
    app = make_app(databases.loaded())
    yield app
    database_of(app).dispose()


@pytest.fixture()
def writer(loaded_app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    """(client, auth headers) on a database of its own holding the fixture data set."""
    token = create_token(loaded_app, "curator")
    return loaded_app.test_client(), {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def configured_app(fixture_url: str) -> Iterator[Callable[..., Flask]]:
    """Make apps on the fixture data set with extra settings; their databases are closed after."""
    apps: list[Flask] = []

    def make(**config: object) -> Flask:
        apps.append(make_app(fixture_url, **config))
        return apps[-1]

    yield make
    for made in apps:
        database_of(made).dispose()
