"""The `prisoner-counts` commands, and `serve` for real over HTTP through gunicorn."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from api.storage import migrate
from tests.conftest import database_of


def test_init_db_then_load_datasets_then_nothing_more(databases):
    from tests.conftest import make_app

    app = make_app(databases.new_url())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert migrate.is_current(database_of(app))
    result = runner.invoke(args=["load-datasets"])
    assert (result.exit_code, result.output) == (0, "loaded revisions 1\n")
    result = runner.invoke(args=["load-datasets"])
    assert result.output == "the database holds every shipped changeset already\n"
    database_of(app).dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_over_http(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite"}
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve"]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        body = _get_json(f"http://127.0.0.1:{port}/v1/series/BY.political_prisoners.viasna")
        assert body["data"]["claim_count"] > 35
        assert body["revision"] == 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _get_json(url: str, attempts: int = 120) -> dict:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return dict(json.load(response))
        except OSError:
            time.sleep(0.25)
    raise AssertionError(f"{url} did not answer")
