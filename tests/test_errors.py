"""Every error is an RFC 9457 problem+json answer naming the problem."""

from __future__ import annotations

import pytest

from tests.conftest import make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"


def problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("strat=2020-01-01", "strat"),
        ("start=yesterday", "start"),
        ("end=2024-13", "end"),
        ("claims=some", "claims"),
        ("format=xml", "format"),
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_bad_or_unknown_argument_is_400_naming_it(client, query, field):
    body = problem(client.get(f"{OBS}?{query}"), 400)
    assert field in body["errors"]
    assert field in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/series?colour=red",
        "/v1/sources?kind=astrologer",
        "/v1/releases?when=now",
        "/v1/tags?x=1",
    ],
)
def test_every_list_refuses_unknown_arguments(client, path):
    problem(client.get(path), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/series/XX.nothing.nobody",
        "/v1/series/XX.nothing.nobody/observations",
        "/v1/sources/nobody",
        "/v1/observations/999",
        "/v1/documents/999",
        "/v1/revisions/999",
        f"{OBS}?as_of=999",
        f"{OBS}?as_of=no-such-tag",
        f"{OBS}?as_of=1999-01-01T00:00:00Z",
        "/v1/nowhere",
    ],
)
def test_unknown_things_are_404(client, path):
    problem(client.get(path), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/v1/series")
    problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_crash_is_500_without_a_stack_trace(fixture_url):
    app = make_app(fixture_url, TESTING=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")
    body = problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert body["title"] == "Internal Server Error"
