"""Rate limits count per client: across endpoints, cached answers, workers and hosts."""

from __future__ import annotations

import gzip
import multiprocessing
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask import request_started

from api.http.middleware.limit_store import SharedFileStorage
from api.http.middleware.limits import client_address
from bench.live_server import gunicorn
from tests.conftest import make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"
PATHS = ("/v1/series", "/v1/sources", "/v1/tags", "/v1/revisions", OBS)


def _limited(url: str, limit: str = "5 per minute", **config: object):
    return make_app(url, RATELIMIT_ENABLED=True, RATELIMIT_ANONYMOUS=limit, **config)


def test_one_address_gets_the_limit_in_total_across_endpoints(fixture_url):
    client = _limited(fixture_url).test_client()
    statuses = [client.get(PATHS[i % len(PATHS)]).status_code for i in range(8)]
    assert statuses == [200] * 5 + [429] * 3


def test_cached_answers_are_counted_like_any_other(fixture_url):
    client = _limited(fixture_url, "3 per minute").test_client()
    assert [client.get(OBS).status_code for _ in range(5)] == [200, 200, 200, 429, 429]


def test_retry_after_only_on_the_429(fixture_url):
    client = _limited(fixture_url, "2 per minute").test_client()
    answers = [client.get(OBS) for _ in range(3)]
    assert ["Retry-After" in a.headers for a in answers] == [False, False, True]
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"2"}
    assert answers[2].mimetype == "application/problem+json"
    assert answers[2].get_json()["status"] == 429


def test_a_hit_never_enters_flask_with_rate_limits_on(fixture_url):
    app = _limited(fixture_url, "100 per minute")
    entered: list[str] = []

    def started(sender: object, **extra: object) -> None:
        entered.append("flask")

    request_started.connect(started, app)  # Flask's signal, before any before-hook
    client = app.test_client()
    first, hit = client.get(OBS), client.get(OBS)
    request_started.disconnect(started, app)
    assert (first.status_code, hit.status_code) == (200, 200)
    assert entered == ["flask"]  # the second came from the WSGI hit layer
    assert hit.headers["X-RateLimit-Remaining"] == "98"
    assert hit.get_data() == first.get_data()


def test_operations_endpoints_and_preflights_are_never_counted(fixture_url):
    client = _limited(fixture_url, "1 per minute").test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200
        assert client.options("/v1/series").status_code == 200
    assert client.get("/v1/series").status_code == 200
    assert client.get("/v1/series").status_code == 429


def test_an_ipv6_client_is_counted_by_its_64_network(fixture_url):
    client = _limited(fixture_url, "2 per minute").test_client()
    one, two, other = "2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"
    statuses = [
        client.get("/v1/series", environ_base={"REMOTE_ADDR": address}).status_code
        for address in (one, two, one, other)
    ]
    assert statuses == [200, 200, 429, 200]
    assert client_address("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert client_address("192.0.2.7") == "192.0.2.7"


def test_a_gzip_304_carries_the_etag_of_its_200(fixture_url):
    for cache_mb in (64, 0):  # from the stored answer, and from the key alone
        client = _limited(fixture_url, "100 per minute", RESPONSE_CACHE_MB=cache_mb).test_client()
        packed = client.get(OBS, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data)
        etag = packed.headers["ETag"]
        assert etag.endswith(':gzip"')
        again = client.get(OBS, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert (again.status_code, again.headers["ETag"]) == (304, etag)
        assert "Content-Encoding" not in again.headers


def test_if_none_match_star_is_304_on_what_exists_and_404_elsewhere(fixture_url):
    client = make_app(fixture_url).test_client()
    for _ in range(2):  # the first from the view, the second from the stored answer
        star = client.get(OBS, headers={"If-None-Match": "*"})
        assert (star.status_code, star.get_data()) == (304, b"")
        assert star.headers["ETag"] == client.get(OBS).headers["ETag"]
    missing = client.get("/v1/series/XX.nothing.here", headers={"If-None-Match": "*"})
    assert missing.status_code == 404


def _add_many(path: str, times: int) -> None:
    store = SharedFileStorage(f"file://{path}")
    for _ in range(times):
        store.incr("address:192.0.2.1/10/60/1", 60)


@pytest.mark.slow
def test_the_host_store_adds_up_every_process(tmp_path: Path):
    path = str(tmp_path / "counts")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_many, args=(path, 500)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    store = SharedFileStorage(f"file://{path}")
    assert store.get("address:192.0.2.1/10/60/1") == 1500
    assert store.get("address:192.0.2.2/10/60/1") == 0


def test_the_host_store_starts_a_new_window_when_one_expires(tmp_path: Path):
    store = SharedFileStorage(f"file://{tmp_path / 'counts'}")
    assert [store.incr("k", 60), store.incr("k", 60)] == [1, 2]
    store.clear("k")
    assert store.incr("k", 60) == 1
    assert store.incr("gone", -1) == 1  # already expired: the next one starts afresh
    assert store.incr("gone", 60) == 1


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_hosts_share_the_count_through_redis(fixture_url):
    shared = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15"}
    prefix = f"hosts-{id(shared)}"  # a key of this run alone
    one = _limited(fixture_url, "4 per minute", **shared, RATELIMIT_KEY_PREFIX=prefix)
    two = _limited(fixture_url, "4 per minute", **shared, RATELIMIT_KEY_PREFIX=prefix)
    clients = (one.test_client(), two.test_client())
    statuses = [clients[i % 2].get("/v1/series").status_code for i in range(6)]
    assert statuses == [200] * 4 + [429] * 2


def test_a_store_that_does_not_answer_counts_on_the_host(fixture_url, tmp_path: Path):
    app = _limited(fixture_url, "2 per minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = app.test_client()
    assert [client.get("/v1/series").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.slow
def test_gunicorn_workers_share_one_count(databases, tmp_path: Path):
    url = databases.loaded()
    counts = tmp_path / "counts"
    env = {"RATELIMIT_ANONYMOUS": "12 per minute", "RATELIMIT_STORAGE_URI": f"file://{counts}"}
    with gunicorn(url, workers=2, **env) as base:
        statuses = []
        for i in range(24):  # sync workers close each connection: both take requests
            try:
                with urllib.request.urlopen(base + PATHS[i % len(PATHS)], timeout=30) as answer:
                    statuses.append(answer.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
    assert statuses.count(200) == 12 - 1  # wait_until_up spent one
    assert statuses.count(429) == 24 - 11
