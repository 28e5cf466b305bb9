"""Bodies that parse as JSON but no store can hold: 400 problem+json, nothing written."""

from __future__ import annotations

import json

import pytest

from tests.conftest import NEW_CLAIM

MARK = "MARK"  # replaced by a lone surrogate escape in the JSON text
SERIES = "XX.political_prisoners.alpha"
RELEASE_CLAIM = {**NEW_CLAIM, "series_id": "XX.released.beta", "date": "2024-04-10"}
# Every write, with a body that would succeed and each text field it takes (dotted paths).
WRITES = [
    (
        "POST",
        "/v1/sources",
        {"id": "gamma", "name": "Gamma", "kind": "human_rights_org", "description": "d"},
        ["id", "name", "description", "message"],
    ),
    ("PATCH", "/v1/sources/alpha", {"name": "Alpha", "description": "d"}, ["name", "message"]),
    (
        "POST",
        "/v1/series",
        {
            "country": "YY",
            "measure": "political_prisoners",
            "source_id": "alpha",
            "kind": "stock",
            "title": "t",
        },
        ["country", "measure", "source_id", "title", "method_note", "message"],
    ),
    ("PATCH", f"/v1/series/{SERIES}", {"title": "t"}, ["title", "method_note", "message"]),
    (
        "POST",
        "/v1/documents",
        {"url": "https://alpha.test/new", "title": "t", "publisher": "p"},
        ["url", "title", "publisher", "republished_by", "message"],
    ),
    ("PATCH", "/v1/documents/1", {"title": "t"}, ["title", "publisher", "message"]),
    (
        "POST",
        "/v1/observations",
        NEW_CLAIM,
        ["series_id", "reported_by", "publisher", "document_url", "quote", "note", "message"],
    ),
    (
        "POST",
        "/v1/observations",
        {"observations": [NEW_CLAIM]},
        ["observations.0.quote", "observations.0.note", "message"],
    ),
    ("PATCH", "/v1/observations/3", {"note": "n"}, ["note", "quote", "reported_by", "message"]),
    ("DELETE", "/v1/observations/4", {"reason": "r"}, ["reason"]),
    (
        "POST",
        "/v1/releases",
        {
            "release_id": "XX-2024-04-10",
            "date": "2024-04-10",
            "country": "XX",
            "category": "political_prisoners",
            "mechanism": "pardon",
            "claims": [RELEASE_CLAIM],
        },
        ["release_id", "category", "mechanism", "title", "note", "claims.0.quote", "message"],
    ),
    ("POST", "/v1/tags", {"name": "t1"}, ["name", "message"]),
]


def _with_mark(body: dict, path: str) -> bytes:
    """The body as JSON with `x\\ud800y` at `path` (a new field when the body has none)."""
    copy = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    node = copy
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = f"x{MARK}y"
    return json.dumps(copy).replace(MARK, "\\ud800").encode()


def _revision(client) -> str:
    return client.get("/v1/revisions?limit=1").headers["X-Dataset-Revision"]


@pytest.mark.parametrize(("method", "path", "body", "fields"), WRITES)
def test_a_lone_surrogate_in_any_text_field_is_a_400(writer, method, path, body, fields):
    client, auth = writer
    before = _revision(client)
    headers = {**auth, "Content-Type": "application/json"}
    for field in fields:
        answer = client.open(path, method=method, data=_with_mark(body, field), headers=headers)
        assert answer.status_code == 400, (field, answer.get_json())
        assert answer.mimetype == "application/problem+json"
        assert field in answer.get_json()["errors"], answer.get_json()
    key = json.dumps({**body, f"k{MARK}": 1}).replace(MARK, "\\udc00").encode()
    assert client.open(path, method=method, data=key, headers=headers).status_code == 400
    assert _revision(client) == before
    valid = client.open(path, method=method, data=json.dumps(body).encode(), headers=headers)
    assert valid.status_code == 201, valid.get_json()  # the same body, surrogate-free, is fine


@pytest.mark.parametrize(("method", "path", "body", "fields"), WRITES)
def test_deeply_nested_json_is_a_400(writer, method, path, body, fields):
    client, auth = writer
    before = _revision(client)
    headers = {**auth, "Content-Type": "application/json"}
    for depth in (100_000, 40):
        deep = b'{"observations":' + b"[" * depth + b"]" * depth + b"}"
        answer = client.open(path, method=method, data=deep, headers=headers)
        assert answer.status_code == 400, answer.get_data()
        assert "nests deeper than 32 levels" in answer.get_json()["detail"]
    assert _revision(client) == before


def test_paired_surrogates_are_text_and_stored(writer):
    client, auth = writer
    body = json.dumps({**NEW_CLAIM, "quote": "140 prisoners MARK"}).replace(MARK, "\\ud83d\\udd12")
    headers = {**auth, "Content-Type": "application/json"}
    created = client.post("/v1/observations", data=body.encode(), headers=headers)
    assert created.status_code == 201
    stored = client.get(f"/v1/observations/{created.get_json()['observation_ids'][0]}")
    assert stored.get_json()["data"]["quote"] == "140 prisoners \U0001f512"


@pytest.mark.parametrize(("method", "path", "body", "fields"), WRITES)
def test_a_name_twice_in_one_object_is_a_400(writer, method, path, body, fields):
    """`{"value": 1, "value": 2}` was stored with the last value, where other JSON readers
    keep the first: what a proxy or the curator's tool checked was not what was written."""
    client, auth = writer
    before = _revision(client)
    headers = {**auth, "Content-Type": "application/json"}
    text = json.dumps(body)
    name = next(iter(body))
    twice = text[:-1] + f", {json.dumps(name)}: {json.dumps(body[name])}}}"
    answer = client.open(path, method=method, data=twice.encode(), headers=headers)
    assert answer.status_code == 400, answer.get_data()
    assert answer.mimetype == "application/problem+json"
    assert f"the name {name!r} appears twice" in answer.get_json()["detail"]
    assert _revision(client) == before
