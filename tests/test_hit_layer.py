"""The response cache's WSGI layer: hits answered before Flask, exactly as Flask answered."""

from __future__ import annotations

import gzip

from flask import Flask, request_started

from api.http.middleware.cache_keys import BUILD
from tests.conftest import NEW_CLAIM, make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"


def counting(fixture_url: str, **config: object) -> tuple[Flask, list[str]]:
    """An app of its own (nothing cached yet), and the requests that reached Flask.

    Flask's `request_started` signal fires for every request Flask handles; one the hit
    layer answers from the cache never reaches it.
    """
    app = make_app(fixture_url, **config)
    reached: list[str] = []
    request_started.connect(lambda sender, **extra: reached.append("flask"), app, weak=False)
    return app, reached


def test_a_hit_never_reaches_the_view_and_repeats_every_header(fixture_url):
    app, calls = counting(fixture_url)
    client = app.test_client()
    fresh = client.get(OBS, headers={"X-Request-Id": "first-1"})
    hit = client.get(OBS, headers={"X-Request-Id": "second-2"})
    assert len(calls) == 1
    assert hit.get_data() == fresh.get_data()
    same = {k: v for k, v in fresh.headers if k != "X-Request-Id"}
    assert {k: v for k, v in hit.headers if k != "X-Request-Id"} == same
    assert (fresh.headers["X-Request-Id"], hit.headers["X-Request-Id"]) == ("first-1", "second-2")
    assert "X-Content-Type-Options" in hit.headers and "ETag" in hit.headers


def test_a_hit_gets_a_fresh_request_id_when_none_or_a_bad_one_is_given(client):
    client.get(OBS)
    ids = {client.get(OBS, headers={"X-Request-Id": "bad id\x01"}).headers["X-Request-Id"]}
    ids.add(client.get(OBS).headers["X-Request-Id"])
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_head_and_304_come_from_the_stored_answer(fixture_url):
    app, calls = counting(fixture_url)
    client = app.test_client()
    full = client.get(OBS)
    head = client.head(OBS)
    assert (head.status_code, head.get_data()) == (200, b"")
    assert head.headers["Content-Length"] == full.headers["Content-Length"]
    unchanged = client.get(OBS, headers={"If-None-Match": f"W/{full.headers['ETag']}"})
    assert (unchanged.status_code, unchanged.get_data()) == (304, b"")
    assert unchanged.headers["ETag"] == full.headers["ETag"]
    assert "Content-Length" not in unchanged.headers or unchanged.headers["Content-Length"] == "0"
    assert len(calls) == 1


def test_a_head_request_is_never_stored_as_the_answer_to_a_get(client):
    client.head(f"{OBS}?limit=1")
    assert client.get(f"{OBS}?limit=1").get_json()["data"]


def test_each_encoding_is_stored_apart(client):
    packed = client.get(OBS, headers={"Accept-Encoding": "gzip"})
    plain = client.get(OBS)
    packed_hit = client.get(OBS, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed_hit.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed_hit.get_data()) == plain.get_data()
    assert packed_hit.get_data() == packed.get_data()


def test_hits_are_counted_and_logged_like_any_request(fixture_url, caplog):
    client = make_app(fixture_url).test_client()  # metrics of its own
    client.get(OBS)
    with caplog.at_level("INFO", logger="prisoner_counts.access"):
        client.get(f"{OBS}", headers={"X-Request-Id": "logged-hit"})
    lines = [r.access for r in caplog.records if r.access["request_id"] == "logged-hit"]
    assert lines and lines[0]["status"] == 200 and lines[0]["path"] == OBS
    metrics = client.get("/metrics").get_data(as_text=True)
    hits = [
        line
        for line in metrics.splitlines()
        if line.startswith("http_requests_total{")
        and 'endpoint="observations.SeriesObservations' in line
    ]
    assert hits and float(hits[0].rsplit(" ", 1)[1]) >= 2


def test_a_write_through_another_app_is_seen_on_the_next_request(fixture_url, writer):
    client, auth = writer
    url = client.application.config["DATABASE_URL"]
    other = make_app(url).test_client()
    before = other.get(OBS).get_json()
    other.get(OBS)  # stored
    assert client.post("/v1/observations", json=NEW_CLAIM, headers=auth).status_code == 201
    after = other.get(OBS).get_json()
    assert after["revision"] == before["revision"] + 1


def test_with_rate_limits_on_hits_are_still_counted(fixture_url):
    limited, calls = counting(fixture_url, RATELIMIT_ENABLED=True, RATELIMIT_ANONYMOUS="3/minute")
    client = limited.test_client()
    answers = [client.get(OBS) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    # The second and third came from the cache without entering Flask; the refused fourth
    # is answered by Flask (a 429 problem), the first by the view.
    assert len(calls) == 2
    assert "X-RateLimit-Remaining" in answers[1].headers
    assert answers[1].get_data() == answers[0].get_data()


def test_rate_limit_headers_are_never_stored(fixture_url):
    limited = make_app(fixture_url, RATELIMIT_ENABLED=True, RATELIMIT_ANONYMOUS="50/minute")
    limited.test_client().get(OBS)
    store = limited.extensions["answer_store"]
    entries = list(store.local.values())
    assert entries and not any(
        name.lower().startswith(("x-ratelimit", "ratelimit", "retry-after"))
        for entry in entries
        for name, _ in entry.headers
    )


def test_the_cache_can_be_turned_off(fixture_url):
    app, calls = counting(fixture_url, RESPONSE_CACHE_MB=0)
    plain = app.test_client()
    first, second = plain.get(OBS), plain.get(OBS)
    assert len(calls) == 2 and first.get_data() == second.get_data()
    assert plain.get(OBS, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_key_never_folds_two_different_queries(client):
    one = client.get(f"{OBS}?start=2020-01-01&end=2020-12-31")
    other = client.get(f"{OBS}?start=2020-01-01&end=2024-12-31")
    assert one.headers["ETag"] != other.headers["ETag"]
    swapped = client.get(f"{OBS}?end=2020-12-31&start=2020-01-01")
    assert swapped.headers["ETag"] == one.headers["ETag"]
    assert swapped.get_data() == one.get_data()


def test_a_redis_that_does_not_answer_only_costs_the_cache(fixture_url):
    app = make_app(fixture_url, CACHE_REDIS_URL="redis://127.0.0.1:1/0")
    app.extensions["answer_store"].local.clear()
    client = app.test_client()
    answers = [client.get(OBS) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].get_data() == answers[1].get_data()


def test_a_database_that_does_not_answer_gets_a_problem_not_a_bare_500():
    nowhere = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=1"
    app = make_app(nowhere, TESTING=False)  # errors become answers, as in production
    answer = app.test_client().get(OBS)
    assert answer.status_code >= 500
    assert answer.headers["Content-Type"] == "application/problem+json"


def test_a_repeated_argument_is_refused_in_either_order_even_after_a_hit(client):
    """A repeated argument once meant its first value (so the order was part of the key);
    now it is a 400 however it is ordered, whatever is cached."""
    assert client.get(f"{OBS}?claims=all&limit=1").status_code == 200
    for query in ("claims=all&limit=1&limit=3", "claims=all&limit=3&limit=1"):
        assert client.get(f"{OBS}?{query}").status_code == 400
        assert client.get(f"{OBS}?{query}").status_code == 400  # the second time too


def test_what_flask_refuses_is_refused_even_when_a_near_twin_is_cached(client):
    assert client.get(f"{OBS}?limit=1").status_code == 200
    assert client.get(f"{OBS}?limit=1" + "&" * 5000).status_code == 414
    assert client.get(f"{OBS}?as_of=1").status_code == 200
    assert client.get(f"{OBS}?as_of=1&as_of=%00").status_code == 400


def test_a_page_never_shows_another_request_s_as_of(client):
    assert "2099-01-01" in client.get("/?as_of=2099-01-01").get_data(as_text=True)
    assert "2099-01-01" not in client.get("/").get_data(as_text=True)


def test_a_new_build_never_reuses_an_answer_or_its_etag(fixture_url):
    before = make_app(fixture_url, BUILD_FINGERPRINT="one-build").test_client().get(OBS)
    after = make_app(fixture_url, BUILD_FINGERPRINT="another-build").test_client().get(OBS)
    assert before.headers["ETag"] != after.headers["ETag"]
    again = make_app(fixture_url, BUILD_FINGERPRINT="one-build").test_client().get(OBS)
    assert again.headers["ETag"] == before.headers["ETag"]


def test_the_build_fingerprint_covers_the_whole_api_package():
    from api.http.middleware.cache_keys import PACKAGE

    assert PACKAGE.name == "api" and (PACKAGE / "domain" / "preference.py").exists()
    assert len(BUILD) == 16


def test_a_redis_that_hangs_costs_one_timeout_then_is_left_alone(fixture_url):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    try:
        port = silent.getsockname()[1]
        app = make_app(fixture_url, CACHE_REDIS_URL=f"redis://127.0.0.1:{port}/0")
        store = app.extensions["answer_store"]
        client = app.test_client()
        assert client.get(f"{OBS}?limit=2").status_code == 200
        assert store.shared_down_until > 0  # marked down: the next requests skip it
        store.local.clear()
        assert client.get(f"{OBS}?limit=2").status_code == 200
    finally:
        silent.close()


def test_with_rate_limits_on_a_gzip_hit_keeps_its_own_etag(fixture_url):
    limited = make_app(fixture_url, RATELIMIT_ENABLED=True).test_client()
    gz = {"Accept-Encoding": "gzip"}
    first, hit = limited.get(OBS, headers=gz), limited.get(OBS, headers=gz)
    assert first.headers["ETag"].endswith(':gzip"')
    assert hit.headers["ETag"] == first.headers["ETag"]
    assert limited.get(OBS).headers["ETag"] != first.headers["ETag"]
