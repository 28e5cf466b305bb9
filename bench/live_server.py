"""A real gunicorn serving the app on a free port, for benchmarks and tests over HTTP; and
the synthetic claim and the write token that the write benchmarks and tests start from."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(database_url: str, workers: int = 2, **env: str) -> Iterator[str]:
    """Serve `api:create_app()` with gunicorn; yield its base URL; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning", "api:create_app()"]
    environment = {**os.environ, "DATABASE_URL": database_url, **env}
    server = subprocess.Popen(command, env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_up(base: str, seconds: float = 60) -> None:
    """Poll /v1/revisions until it answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request("GET", f"{base}/v1/revisions")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within {seconds} s")


def request(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """One HTTP request; returns (status, parsed JSON body or None)."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read())


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "changesets"
# A SYNTHETIC claim of the fixture data set's series, for write benchmarks and tests.
NEW_CLAIM: dict[str, Any] = {
    "series_id": "XX.political_prisoners.alpha",
    "date": "2024-04-30",
    "value": 140,
    "qualifier": "exact",
    "reported_by": "Alpha Watch",
    "publisher": "Alpha Watch",
    "document_url": "https://alpha.test/april",
    "published_at": "2024-05-01",
    "quote": "140 political prisoners at the end of April.",
    "primary": True,
}


def create_token(app: Any, name: str, scope: str = "write") -> str:
    """A new token made with the CLI, as a curator would (the last line it prints)."""
    result = app.test_cli_runner().invoke(args=["token", "create", name, "--scope", scope])
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip().splitlines()[-1])


def shipped_sqlite(folder: Path) -> str:
    """The URL of an SQLite file under `folder` holding the shipped data set, loaded the first
    time it is asked for (the service's tests and the client's share one per test process)."""
    from api.storage import migrate
    from api.storage.db import Database
    from datasets.loader import load_pending

    path = folder / "shipped.sqlite"
    if not path.exists():
        loading = folder / f"shipped-{os.getpid()}.loading.sqlite"
        database = Database(f"sqlite:///{loading}")
        migrate.upgrade(database)
        load_pending(database)
        database.scrub()  # everything in the file itself, none in its WAL
        database.dispose()
        loading.replace(path)
    return f"sqlite:///{path}"
