"""Metrics whose size no client can grow, and access logs with no secret in them."""

from __future__ import annotations

import random
import string

from api.http.middleware.access_log import redact
from tests.conftest import create_token, make_app

TOKEN = "pct_0123456789abcdef_" + "S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t-_xy"


def _metric_lines(client) -> int:
    return len(client.get("/metrics").get_data(as_text=True).splitlines())


def test_metrics_keep_their_size_under_made_up_methods_and_paths(client):
    rng = random.Random(42)
    client.open("/v1/series", method="MADEUP")  # the one `other` series of each kind
    client.open("/nope", method="MADEUP")
    client.open("/v1/series", method="BREW")
    client.get("/nope")
    _metric_lines(client)  # /metrics counts itself from its second answer on
    before = _metric_lines(client)
    for _ in range(20):
        method = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 20)))
        path = "/" + "".join(rng.choices(string.ascii_lowercase, k=12))
        assert client.open(path, method=method).status_code in (404, 405)
        assert client.open("/v1/series", method=method).status_code == 405
        assert client.get(path).status_code == 404
    assert _metric_lines(client) == before
    text = client.get("/metrics").get_data(as_text=True)
    assert 'endpoint="unmatched",method="other",status="404"' in text
    assert "MADEUP" not in text and "BREW" not in text


def test_a_token_in_the_query_string_or_the_path_is_never_logged(writer, caplog):
    client, _auth = writer
    with caplog.at_level("INFO", logger="prisoner_counts.access"):
        answer = client.post(f"/v1/observations?access_token={TOKEN}", json={})
        client.get(f"/v1/series?token={TOKEN[:10]}&api_key=plain-secret")
        client.get(f"/v1/{TOKEN}")
    assert answer.status_code == 401
    logged = [record.access for record in caplog.records]
    assert [entry["query"] for entry in logged[:2]] == [
        "access_token=[redacted]",
        "token=[redacted]&api_key=[redacted]",
    ]
    assert logged[2]["path"] == "/v1/[redacted]"
    assert "S3cr3t" not in repr(logged) and "plain-secret" not in repr(logged)


def test_a_real_token_used_properly_is_not_logged_either(fixture_url, caplog):
    app = make_app(fixture_url)
    token = create_token(app, "reader", "read")
    with caplog.at_level("INFO", logger="prisoner_counts.access"):
        app.test_client().get(f"/v1/sources?x={token}")
    assert token.split("_")[-1] not in repr([r.access for r in caplog.records])


def test_redaction_keeps_what_is_not_secret():
    assert redact("series=BY.political_prisoners.viasna&start=2020-01") == (
        "series=BY.political_prisoners.viasna&start=2020-01"
    )
    assert redact("as_of=2025.12&title=" + "a" * 40) == "as_of=2025.12&title=" + "a" * 40
    assert redact("Key=abc&monkey=1") == "Key=[redacted]&monkey=1"
    assert redact("id_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln") == "id_token=[redacted]"
    assert redact("q=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln&p=1") == "q=[redacted]&p=1"
    assert redact("k=" + "ab12" * 8) == "k=[redacted]"


def test_metrics_name_their_charset_once(client):
    """`mimetype=` with prometheus' full content type gave `…; charset=utf-8; charset=utf-8`."""
    answer = client.get("/metrics")
    assert answer.headers["Content-Type"].count("charset") == 1
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
