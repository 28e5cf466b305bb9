"""SIGKILL in the middle of a write leaves the database at the previous revision, whole.

Marked `slow`: each test runs a real import or a real gunicorn (`pytest -m "not slow"`
skips them).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from api.storage.models import Observation, Revision
from bench.live_server import gunicorn, request
from tests.conftest import NEW_CLAIM, create_token, database_of, make_app

pytestmark = pytest.mark.slow
SERIES = "XX.political_prisoners.alpha"


def synthetic_csv(path: Path, rows: int) -> None:
    """Made-up claims (marked synthetic in their note), dated from 1950 (the earliest date a
    claim may have) to 1975."""
    rng = random.Random(42)
    lines = ["series_id,date,value,quote,document_url,note"]
    for n in range(rows):
        year, day = 1950 + n // 1200, n % 28 + 1
        lines.append(
            f"{SERIES},{year}-{n % 12 + 1:02d}-{day:02d},{rng.randint(0, 5000)},"
            f"synthetic quote {n},https://synthetic.test/{n // 100},synthetic crash-test row"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def counts(app) -> tuple[int, int]:
    with database_of(app).read() as session:
        revisions = session.scalar(select(func.count()).select_from(Revision))
        claims = session.scalar(select(func.count()).select_from(Observation))
    return int(revisions or 0), int(claims or 0)


def assert_whole_and_serving(app) -> None:
    db = database_of(app)
    if db.dialect == "sqlite":
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    assert client.get(f"/v1/series/{SERIES}/observations").status_code == 200


@pytest.fixture()
def loaded(databases):
    url = databases.loaded()
    app = make_app(url)
    return url, app


def test_a_killed_import_leaves_the_previous_revision(loaded, tmp_path):
    url, app = loaded
    before = counts(app)
    path = tmp_path / "synthetic.csv"
    synthetic_csv(path, 30_000)
    command = [
        sys.executable,
        "-c",
        "from api.cli import main; main()",
        "import",
        str(path),
        "-m",
        "x",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, "DATABASE_URL": url}, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("written 2000/"):
            process.send_signal(signal.SIGKILL)  # mid-transaction: 2,000 of 30,000 written
            break
    process.wait(timeout=60)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert counts(app) == before
    assert_whole_and_serving(app)


def test_a_worker_killed_mid_write_leaves_the_previous_revision(loaded):
    url, app = loaded
    token = create_token(app, "crash")
    auth = {"Authorization": f"Bearer {token}"}
    batch = [{**NEW_CLAIM, "value": n, "quote": f"synthetic {n}"} for n in range(10_000)]
    with gunicorn(url, workers=1, RATELIMIT_ENABLED="false") as base:
        started = time.perf_counter()
        status, _ = request("POST", f"{base}/v1/observations", {"observations": batch}, auth)
        took = time.perf_counter() - started
        assert status == 201
        before = counts(app)
        again = [{**claim, "value": claim["value"] + 10_000} for claim in batch]
        outcome: list[object] = []
        thread = threading.Thread(target=_post, args=(base, again, auth, outcome))
        thread.start()
        time.sleep(took * 0.7)
        _kill_workers(base)
        thread.join(timeout=120)
        assert outcome and isinstance(outcome[0], Exception), outcome  # no answer came
        assert counts(app) == before
        assert_whole_and_serving(app)
        status, _ = request("GET", f"{base}/v1/revisions")  # gunicorn started a new worker
        assert status == 200


def _post(base: str, claims: list[dict], auth: dict[str, str], outcome: list[object]) -> None:
    try:
        outcome.append(request("POST", f"{base}/v1/observations", {"observations": claims}, auth))
    except Exception as error:  # noqa: BLE001 - the connection dies with the worker
        outcome.append(error)


def _kill_workers(base: str) -> None:
    """SIGKILL every gunicorn worker listening on `base`'s port (the master survives)."""
    port = base.rsplit(":", 1)[1]
    masters = subprocess.run(
        ["pgrep", "-f", f"gunicorn --bind 127.0.0.1:{port}"], capture_output=True, text=True
    ).stdout.split()
    for master in masters:
        children = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True)
        for pid in children.stdout.split():
            os.kill(int(pid), signal.SIGKILL)
