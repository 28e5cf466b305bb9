"""HTTP caching per revision: validators, 304, immutable pins, a cache that is never stale."""

from __future__ import annotations

import gzip
import os
import socket

import pytest

from bench.live_server import gunicorn, request
from tests.conftest import NEW_CLAIM, create_token, make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"


def test_reads_carry_validators_and_answer_304(client):
    first = client.get(OBS)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"
    assert first.headers["Last-Modified"].endswith("GMT")
    assert {"Accept", "Accept-Language"} <= set(first.vary)
    again = client.get(OBS, headers={"If-None-Match": etag})
    assert (again.status_code, again.get_data()) == (304, b"")
    assert again.headers["ETag"] == etag and again.headers["X-Dataset-Revision"] == "2"


def test_pinned_reads_are_immutable_and_a_tag_and_an_id_answer_alike(client):
    by_id = client.get(f"{OBS}?as_of=1")
    by_tag = client.get(f"{OBS}?as_of=fixture.1")
    assert by_id.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert by_id.get_data() == by_tag.get_data()
    assert by_id.headers["ETag"].startswith('"r1-') and by_tag.headers["ETag"].startswith('"r1-')
    assert by_id.headers["ETag"] != client.get(OBS).headers["ETag"]


def test_a_cached_answer_is_the_same_answer(client):
    fresh = client.get(f"{OBS}?claims=all&limit=2")
    cached = client.get(f"{OBS}?claims=all&limit=2")
    assert cached.get_data() == fresh.get_data()
    for header in ("Content-Type", "Link", "X-Dataset-Revision", "ETag"):
        assert cached.headers[header] == fresh.headers[header]
    assert cached.headers["X-Request-Id"] != fresh.headers["X-Request-Id"]


def test_a_write_is_visible_at_once(writer):
    client, auth = writer
    before = client.get(OBS)
    client.post("/v1/observations", json=NEW_CLAIM, headers=auth)
    after = client.get(OBS, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert [r["value"] for r in after.get_json()["data"]][-1] == 140


def test_errors_and_the_audit_log_are_not_cached(client):
    assert "ETag" not in client.get(f"{OBS}?strat=1").headers
    assert "ETag" not in client.get("/v1/redactions").headers


def test_gzip_for_clients_that_accept_it(client):
    plain = client.get(f"{OBS}?claims=all")
    packed = client.get(f"{OBS}?claims=all", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Accept-Encoding" in packed.vary


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") and _redis_answers()),
    reason="needs PostgreSQL (TEST_DATABASE_URL) and Redis on 127.0.0.1:6379 (.ci/run has both)",
)
def test_two_servers_on_one_postgresql_and_redis_agree(databases):
    if databases.engine != "postgresql":
        pytest.skip("the shared deployment is PostgreSQL + Redis")
    url = databases.loaded()
    app = make_app(url)
    auth = {"Authorization": f"Bearer {create_token(app, 'host-a')}"}
    shared = {"CACHE_REDIS_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_ENABLED": "false"}
    with gunicorn(url, **shared) as a, gunicorn(url, **shared) as b:
        _, seen = request("GET", f"{b}{OBS}")
        request("GET", f"{b}{OBS}")  # now cached in Redis
        status, _ = request("POST", f"{a}/v1/observations", NEW_CLAIM, auth)
        assert status == 201
        _, now = request("GET", f"{b}{OBS}")
    assert now["revision"] == seen["revision"] + 1
    assert [r["value"] for r in now["data"]][-1] == 140


def test_another_host_never_shares_an_answer(client):
    client.get(f"{OBS}?limit=2", headers={"Host": "evil.example"})
    normal = client.get(f"{OBS}?limit=2")
    assert "evil.example" not in normal.headers["Link"]
    assert "evil.example" not in normal.get_data(as_text=True)


def test_an_encoded_ampersand_is_not_two_arguments(client):
    client.get("/v1/series?measure=released%26source%3Dbeta")  # one odd value: no series
    both = client.get("/v1/series?measure=released&source=beta").get_json()["data"]
    assert [s["id"] for s in both] == ["XX.released.beta"]


def test_only_what_cannot_change_is_immutable(client):
    empty = client.get(f"{OBS}?as_of=")
    assert empty.status_code == 400 and empty.headers["Cache-Control"] == "no-store"
    assert "immutable" not in client.get(f"{OBS}?as_of=2999-01-01").headers["Cache-Control"]
    first = client.get("/v1/revisions/1").get_json()["data"]["created_at"].replace("+", "%2B")
    assert "immutable" in client.get(f"{OBS}?as_of={first}").headers["Cache-Control"]


def test_if_none_match_star_does_not_hide_errors(client):
    assert client.get("/v1/series/NOPE", headers={"If-None-Match": "*"}).status_code == 404


def test_times_outside_a_datetime_are_404_not_500(client):
    for moment in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00%2B14:00"):
        assert client.get(f"{OBS}?as_of={moment}").status_code == 404


def test_a_redaction_changes_the_answer_and_its_etag(writer):
    client, _ = writer
    before = client.get("/v1/observations/3?as_of=1")
    result = client.application.test_cli_runner().invoke(
        args=["redact", "observation", "3", "--text", "February", "--reason", "test"]
    )
    assert result.exit_code == 0, result.output
    after = client.get(
        "/v1/observations/3?as_of=1", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200 and "[redacted]" in after.get_json()["data"]["quote"]


@pytest.mark.parametrize(
    ("accepted", "sent"),
    [
        ("gzip;q=0", None),
        ("br;q=0, gzip;q=0", None),
        ("gzip;q=0, deflate", "deflate"),
        ("br;q=0.0, gzip", "gzip"),
        ("gzip; q=0, identity", None),
        ("gzip;q=0.5, br;q=0", "gzip"),
    ],
)
def test_a_coding_weighted_zero_is_never_sent(client, accepted, sent):
    """`q=0` means "not acceptable" (RFC 9110): `gzip;q=0` got gzip, `br;q=0, gzip;q=0`
    got br, on the first answer and on every stored one after it."""
    for _ in range(2):  # the answer Flask makes, then the stored one
        answer = client.get(f"{OBS}?claims=all", headers={"Accept-Encoding": accepted})
        assert answer.status_code == 200
        assert answer.headers.get("Content-Encoding") == sent


@pytest.mark.parametrize(
    "path",
    [
        "/v1/series/XX.nothing.here",
        f"{OBS}?strat=1",
        "/v1/nothing",
        "/series/XX.nothing.here",
        "/embed/series/XX.nothing.here",
        "/oembed?url=https://elsewhere.test/",
        "/guide/nothing.html",
    ],
)
def test_errors_are_never_stored_by_a_cache(client, path):
    """Errors said nothing of caching: a 404 is cacheable by heuristic (RFC 9111), so a
    proxy could answer 404 for a series created since."""
    answer = client.get(path)
    assert answer.status_code >= 400
    assert answer.headers["Cache-Control"] == "no-store"
