"""Eight writers at once against gunicorn with two workers: nothing lost, duplicated or mixed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.live_server import gunicorn, request
from tests.conftest import NEW_CLAIM, create_token, database_of, make_app

pytestmark = pytest.mark.slow  # real gunicorn servers

WRITERS, WRITES = 8, 10


@pytest.fixture()
def served(databases):
    url = databases.loaded()
    app = make_app(url)
    token = create_token(app, "load")
    database_of(app).dispose()
    with gunicorn(url, workers=2) as base:
        yield base, {"Authorization": f"Bearer {token}"}


def write_many(base: str, auth: dict[str, str], writer: int) -> list[tuple[int, int, int]]:
    results = []
    for n in range(WRITES):
        claim = {**NEW_CLAIM, "value": 1000 * writer + n}
        status, body = request("POST", f"{base}/v1/observations", claim, auth)
        results.append((status, body["revision"], body["observation_ids"][0]))
    return results


def test_concurrent_writers_each_get_one_revision(served):
    base, auth = served
    with ThreadPoolExecutor(WRITERS) as pool:
        batches = list(pool.map(lambda w: write_many(base, auth, w), range(WRITERS)))
    results = [r for batch in batches for r in batch]
    assert {status for status, _, _ in results} == {201}
    total = WRITERS * WRITES
    assert sorted(revision for _, revision, _ in results) == list(range(3, 3 + total))
    assert len({obs for _, _, obs in results}) == total
    _, revisions = request("GET", f"{base}/v1/revisions?limit=1000")
    assert [r["id"] for r in revisions["data"]] == list(range(2 + total, 0, -1))
    _, changes = request("GET", f"{base}/v1/changes?since=2&limit=10000")
    added = [c for c in changes["data"] if c["kind"] == "observation"]
    assert len(added) == total
    assert sorted(c["data"]["value"] for c in added) == sorted(
        1000 * w + n for w in range(WRITERS) for n in range(WRITES)
    )
