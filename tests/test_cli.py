"""The `prisoner-counts` commands, and `serve` for real over HTTP through gunicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from api.storage import migrate
from bench.live_server import free_port, request, wait_until_up
from datasets.loader import changesets
from tests.conftest import database_of


@pytest.mark.slow
def test_init_db_then_load_datasets_then_nothing_more(databases):
    from tests.conftest import make_app

    app = make_app(databases.new_url())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert migrate.is_current(database_of(app))
    result = runner.invoke(args=["load-datasets"])
    shipped = ", ".join(str(i) for i in range(1, len(changesets()) + 1))
    assert (result.exit_code, result.output) == (0, f"loaded revisions {shipped}\n")
    result = runner.invoke(args=["load-datasets"])
    assert result.output == "the database holds every shipped changeset already\n"
    database_of(app).dispose()


@pytest.mark.slow
def test_serve_answers_over_http(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite"}
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve"]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        status, body = request("GET", f"{base}/v1/series/BY.political_prisoners.viasna")
        assert status == 200 and body["revision"] == len(changesets())
        assert body["data"]["claim_count"] > 90
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
            text = response.read().decode()
        assert 'endpoint="catalog.SeriesById"' in text  # added up across the workers
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
