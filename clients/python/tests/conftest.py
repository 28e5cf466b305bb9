"""Live servers for the client's tests: the real app over real HTTP, no mock of the service.

Each server is the project's own `create_app` on a temporary SQLite database, served by
werkzeug's threaded server on a free port in this process, so a test can also write to its
database with the project's CLI. `shipped` holds the shipped data set (read-only);
`writable` a small synthetic one per test, with a write token.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from flask import Flask
from werkzeug.serving import make_server

from api import create_app
from api.storage import migrate
from api.storage.db import Database
from bench.live_server import shipped_sqlite
from datasets.loader import load_pending

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "changesets"
# Drawing slots of this test process alone.
SLOTS = os.path.join(tempfile.gettempdir(), f"prisoner-counts-client-tests-{os.getpid()}", "slots")


@dataclass
class LiveServer:
    """A running app: its base URL, the app (for the CLI) and a write token, if made."""

    base: str
    app: Flask
    token: str = ""

    def cli(self, *args: str) -> str:
        """Run a `prisoner-counts` command against this server's database; its output."""
        result = self.app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return str(result.output)


def database(path: Path, changesets: Path) -> str:
    """A migrated SQLite database holding the given changesets."""
    url = f"sqlite:///{path}"
    handle = Database(url)
    migrate.upgrade(handle)
    load_pending(handle, changesets)
    handle.dispose()
    return url


@contextmanager
def serving(url: str, **config: object) -> Iterator[LiveServer]:
    """Serve `create_app` on `url` over HTTP on a free port until the block ends."""
    settings = {"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "ACCESS_LOG": False}
    settings["CHART_SLOTS_FOLDER"] = SLOTS  # not instance/'s, which every test process shares
    app = create_app({**settings, **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll: shutdown() waits for the loop to look again (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["database"].dispose()


@pytest.fixture(scope="session")
def shipped_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database file holding the shipped data set, loaded once (the service's tests read the
    same file)."""
    return shipped_sqlite(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def shipped(shipped_url: str) -> Iterator[LiveServer]:
    """A server of the shipped data set, for the whole session (nothing may write to it)."""
    with serving(shipped_url) as server:
        yield server


@pytest.fixture(scope="session")
def fixtures_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the small synthetic data set, loaded once and copied per test."""
    path = tmp_path_factory.mktemp("fixtures") / "fixtures.sqlite"
    database(path, FIXTURES)
    return path


@pytest.fixture()
def writable(tmp_path: Path, fixtures_file: Path) -> Iterator[LiveServer]:
    """A server of its own on the small synthetic data set (revisions 1 and 2), with a token."""
    copy = tmp_path / "writable.sqlite"
    with sqlite3.connect(fixtures_file) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with serving(f"sqlite:///{copy}") as server:
        output = server.cli("token", "create", "curator", "--scope", "write")
        server.token = output.strip().splitlines()[-1]
        yield server


@pytest.fixture()
def start_server() -> Iterator[Callable[..., LiveServer]]:
    """Start more servers (with settings of their own); they stop after the test."""
    with ExitStack() as stack:

        def start(url: str, **config: object) -> LiveServer:
            return stack.enter_context(serving(url, **config))

        yield start


class Recorder(httpx.BaseTransport):
    """The real network, with every request that reaches it written down."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.sent: list[httpx.Request] = []
        self.headers: list[httpx.Headers] = []  # as sent (the cache changes them only then)
        self.statuses: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        self.headers.append(httpx.Headers(request.headers))
        response = self.inner.handle_request(request)
        self.statuses.append(response.status_code)
        return response

    def close(self) -> None:
        self.inner.close()

    def paths(self) -> list[str]:
        """The path and query of every request sent, in order."""
        return [f"{r.url.path}?{r.url.query.decode()}".rstrip("?") for r in self.sent]


@pytest.fixture()
def recorder() -> Recorder:
    """A transport that records what goes to the network."""
    return Recorder()
