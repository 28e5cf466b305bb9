"""Headers, CORS, request ids, health, metrics, rate limits and input limits."""

from __future__ import annotations

import json
import logging

import pytest

from api.http.middleware.access_log import ACCESS_LOGGER, AccessFormatter
from tests.conftest import create_token, make_app

SERIES = "/v1/series/XX.political_prisoners.alpha"


def test_every_answer_says_nosniff_and_a_referrer_policy(client):
    for path in ("/v1/series", "/v1/nowhere", "/healthz"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/v1/series").headers
    secure = client.get("/v1/series", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_public_reads_are_open_to_every_origin(client):
    response = client.get("/v1/series", headers={"Origin": "https://news.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert {"ETag", "Link", "X-Dataset-Revision"} <= {h.strip() for h in exposed.split(",")}
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_writes_are_not_open_to_other_origins(writer):
    client, auth = writer
    preflight = client.options(
        "/v1/observations",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "POST" not in preflight.headers.get("Access-Control-Allow-Methods", "")
    response = client.post(
        "/v1/observations", json={}, headers={**auth, "Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_request_id_is_taken_from_a_proxy_or_made(client):
    assert (
        client.get("/healthz", headers={"X-Request-Id": "edge-42"}).headers["X-Request-Id"]
        == "edge-42"
    )
    made = client.get("/healthz", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"]
    assert made != "<script>" and len(made) == 32


def test_access_log_is_one_json_line_with_the_request_id(fixture_url):
    client = make_app(fixture_url, ACCESS_LOG=True).test_client()
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(AccessFormatter())  # the formatter `serve` writes stderr with
    logging.getLogger(ACCESS_LOGGER).addHandler(handler)
    try:
        client.get(f"{SERIES}?as_of=1", headers={"X-Request-Id": "log-me"})
    finally:
        logging.getLogger(ACCESS_LOGGER).removeHandler(handler)
    entry = json.loads(lines[-1])
    assert (entry["request_id"], entry["status"], entry["path"]) == ("log-me", 200, SERIES)
    assert entry["query"] == "as_of=1" and entry["duration_ms"] >= 0


def test_health_readiness_and_metrics(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}
    client.get(SERIES)
    text = client.get("/metrics").get_data(as_text=True)
    assert "# TYPE http_requests_total counter" in text
    assert 'http_requests_total{endpoint="catalog.SeriesById",method="GET",status="200"}' in text
    assert "http_request_duration_seconds_bucket" in text


def test_not_ready_while_the_schema_is_behind(databases):
    app = make_app(databases.new_url())  # an empty database: no migrations applied
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"


@pytest.fixture()
def limited(databases):
    from tests.conftest import database_of

    app = make_app(
        databases.loaded(),
        RATELIMIT_ENABLED=True,
        RATELIMIT_ANONYMOUS="3 per minute",
        RATELIMIT_TOKEN="6 per minute",
    )
    yield app
    database_of(app).dispose()


def test_anonymous_reads_are_limited_with_a_problem_and_retry_after(limited):
    client = limited.test_client()
    assert [client.get("/v1/sources").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/v1/sources")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200  # never limited


def test_tokens_get_a_higher_limit_and_a_bad_token_does_not(limited):
    client = limited.test_client()
    auth = {"Authorization": f"Bearer {create_token(limited, 'reader', 'read')}"}
    assert [client.get("/v1/sources", headers=auth).status_code for _ in range(6)] == [200] * 6
    assert client.get("/v1/sources", headers=auth).status_code == 429
    fake = {"Authorization": "Bearer pct_0000000000000000_not-a-real-token-at-all"}
    statuses = [client.get("/v1/tags", headers=fake).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_an_overlong_query_string_is_414(client):
    response = client.get(f"{SERIES}/observations?start={'9' * 5000}")
    assert response.status_code == 414
    assert response.mimetype == "application/problem+json"
