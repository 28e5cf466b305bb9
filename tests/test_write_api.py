"""The write API: every request one revision, all or nothing, attributable and reversible."""

from __future__ import annotations

import json

import pytest

from tests.conftest import NEW_CLAIM

OBS = "/v1/series/XX.political_prisoners.alpha/observations"
CLAIM = NEW_CLAIM


def state(client) -> tuple[int, str]:
    """The revision count and every claim of every series: what a bad write must not touch."""
    revisions = client.get("/v1/revisions").get_json()["data"]
    claims = client.get(f"{OBS}?claims=all&format=csv").get_data(as_text=True)
    return len(revisions), claims


def test_add_one_claim_as_one_revision_with_author_and_message(writer):
    client, auth = writer
    response = client.post(
        "/v1/observations", json={**CLAIM, "message": "April review"}, headers=auth
    )
    assert response.status_code == 201
    assert response.get_json() == {"revision": 3, "observation_ids": [9], "document_ids": [6]}
    assert response.headers["X-Dataset-Revision"] == "3"
    revision = client.get("/v1/revisions/3").get_json()["data"]
    assert (revision["author"], revision["message"]) == ("curator", "April review")
    [row] = client.get(f"{OBS}?start=2024-04").get_json()["data"]
    assert (row["value"], row["publisher"], row["primary"]) == (140, "Alpha Watch", True)


def test_a_batch_is_one_revision_and_reuses_documents(writer):
    client, auth = writer
    claims = [CLAIM, {**CLAIM, "date": "2024-04", "value": 141, "qualifier": "about"}]
    response = client.post("/v1/observations", json={"observations": claims}, headers=auth)
    assert response.get_json() == {"revision": 3, "observation_ids": [9, 10], "document_ids": [6]}
    month = client.get("/v1/observations/10").get_json()["data"]
    assert (month["date"], month["date_precision"]) == ("2024-04-01", "month")


def test_claim_citing_a_stored_document_by_address_or_id(writer):
    client, auth = writer
    by_url = {**CLAIM, "document_url": "https://news.test/a", "publisher": None}
    by_url.pop("publisher")
    by_url.pop("published_at")
    assert (
        client.post("/v1/observations", json=by_url, headers=auth).get_json()["document_ids"] == []
    )
    by_id = {k: v for k, v in CLAIM.items() if not k.startswith(("document", "publ"))}
    response = client.post("/v1/observations", json={**by_id, "document_id": 3}, headers=auth)
    assert response.status_code == 201
    assert client.get("/v1/documents/3").get_json()["data"]["observation_ids"] == [4, 7, 10]


def test_conflicting_document_details_are_refused(writer):
    client, auth = writer
    before = state(client)
    claim = {**CLAIM, "document_url": "https://news.test/a", "publisher": "Somebody Else"}
    response = client.post("/v1/observations", json=claim, headers=auth)
    assert response.status_code == 409
    assert "PATCH /v1/documents/2" in response.get_json()["detail"]
    assert state(client) == before


def test_correction_keeps_the_old_version(writer):
    client, auth = writer
    response = client.patch(
        "/v1/observations/3", json={"value": 121, "message": "typo"}, headers=auth
    )
    assert response.status_code == 201
    assert client.get("/v1/observations/3").get_json()["data"]["value"] == 121
    assert client.get("/v1/observations/3?as_of=2").get_json()["data"]["value"] == 120
    versions = client.get("/v1/observations/3").get_json()["data"]["versions"]
    assert [(v["value"], v["removed_in"], v["message"]) for v in versions] == [
        (120, 3, "Synthetic test fixture: base"),
        (121, None, "typo"),
    ]


@pytest.mark.parametrize("where", ["query", "body"])
def test_retraction_needs_a_reason_and_destroys_nothing(writer, where):
    client, auth = writer
    assert client.delete("/v1/observations/4", headers=auth).status_code == 400
    if where == "query":
        response = client.delete("/v1/observations/4?reason=misread", headers=auth)
    else:
        response = client.delete("/v1/observations/4", json={"reason": "misread"}, headers=auth)
    assert response.status_code == 201
    gone = client.get("/v1/observations/4")
    assert gone.status_code == 410 and "misread" in gone.get_json()["detail"]
    assert client.get("/v1/observations/4?as_of=2").status_code == 200
    message = client.get("/v1/revisions/3").get_json()["data"]["message"]
    assert message == "retracted observation 4: misread"


def test_release_batch_with_its_claims(writer):
    client, auth = writer
    claim = {**CLAIM, "series_id": "XX.released.beta", "date": "2024-04-10", "value": 7}
    body = {
        "release_id": "XX-2024-04-10",
        "date": "2024-04-10",
        "country": "XX",
        "category": "political_prisoners",
        "mechanism": "pardon",
        "claims": [claim],
    }
    response = client.post("/v1/releases", json=body, headers=auth)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["release_ids"] == ["XX-2024-04-10"]
    [batch] = client.get("/v1/releases?start=2024-04").get_json()["data"]
    assert [c["value"] for c in batch["claims"]] == [7]


def test_sources_series_and_documents_are_versioned(writer):
    client, auth = writer
    source = {"id": "gamma", "name": "Gamma Monitor", "kind": "human_rights_org"}
    assert client.post("/v1/sources", json=source, headers=auth).status_code == 201
    series = {
        "country": "YY",
        "measure": "political_prisoners",
        "source_id": "gamma",
        "kind": "stock",
        "title": "Political prisoners per Gamma",
    }
    created = client.post("/v1/series", json=series, headers=auth).get_json()
    assert created["series_ids"] == ["YY.political_prisoners.gamma"]
    rename = {"name": "Gamma Human Rights Monitor", "message": "full name"}
    assert client.patch("/v1/sources/gamma", json=rename, headers=auth).status_code == 201
    assert client.get("/v1/sources/gamma").get_json()["data"]["name"] == rename["name"]
    assert client.get("/v1/sources/gamma?as_of=3").get_json()["data"]["name"] == "Gamma Monitor"
    retitle = client.patch("/v1/documents/1", json={"title": "Alpha review"}, headers=auth)
    assert retitle.status_code == 201
    assert client.get("/v1/documents/1?as_of=2").get_json()["data"]["title"] == (
        "Alpha monthly review: January 2024"
    )


def test_idempotency_key_replays_and_refuses_a_different_body(writer):
    client, auth = writer
    headers = {**auth, "Idempotency-Key": "april-1"}
    first = client.post("/v1/observations", json=CLAIM, headers=headers)
    again = client.post("/v1/observations", json=CLAIM, headers=headers)
    assert first.get_json() == again.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    before = state(client)
    other = client.post("/v1/observations", json={**CLAIM, "value": 141}, headers=headers)
    assert other.status_code == 422
    assert state(client) == before
    fresh = client.post("/v1/observations", json={**CLAIM, "value": 142}, headers=auth)
    assert fresh.get_json()["revision"] == 4


def test_if_match_refuses_a_stale_revision_with_412(writer):
    client, auth = writer
    stale = client.post("/v1/observations", json=CLAIM, headers={**auth, "If-Match": "1"})
    assert stale.status_code == 412
    assert stale.get_json()["title"] == "Precondition Failed"
    current = client.post("/v1/observations", json=CLAIM, headers={**auth, "If-Match": '"2"'})
    assert current.status_code == 201


def test_if_match_takes_the_etags_the_service_sends(writer):
    client, auth = writer
    observations = f"/v1/series/{CLAIM['series_id']}/observations"

    def write(value: int, if_match: str) -> int:
        claim = {**CLAIM, "value": value}
        return client.post(
            "/v1/observations", json=claim, headers={**auth, "If-Match": if_match}
        ).status_code

    def etag(gzip: bool = False) -> str:
        encoding = {"Accept-Encoding": "gzip"} if gzip else {}
        return client.get(observations, headers=encoding).headers["ETag"]

    read = etag()
    assert read.startswith('"r2-')
    assert write(150, read) == 201
    assert write(151, read) == 412  # the data set moved on to r3
    packed = etag(gzip=True)
    assert packed.endswith(':gzip"') and write(152, packed) == 201
    assert write(153, f'"r1-0a", {etag()}') == 201  # any tag of the list
    assert write(154, "*") == 201
    assert write(155, f"W/{etag()}") == 412  # a weak tag never matches (RFC 9110)
    bad = client.post("/v1/observations", json=CLAIM, headers={**auth, "If-Match": '"nope"'})
    assert bad.status_code == 400 and "If-Match" in bad.get_json()["detail"]


def test_tags_name_a_revision_and_never_move(writer):
    client, auth = writer
    response = client.post("/v1/tags", json={"name": "2024.04", "revision": 2}, headers=auth)
    assert response.get_json() == {"revision": 3, "tag": "2024.04", "tagged_revision": 2}
    again = client.post("/v1/tags", json={"name": "2024.04"}, headers=auth)
    assert again.status_code == 409
    assert [t["name"] for t in client.get("/v1/tags").get_json()["data"]] == [
        "2024.04",
        "fixture.1",
    ]
    assert client.get("/v1/revisions/3").get_json()["data"]["message"] == "tagged as 2024.04"


def test_a_new_tag_does_not_change_answers_pinned_before_it(writer):
    client, auth = writer
    before = [client.get(f"/v1/{path}?as_of=2").get_data() for path in ("tags", "revisions")]
    client.post("/v1/tags", json={"name": "late", "revision": 1}, headers=auth)
    after = [client.get(f"/v1/{path}?as_of=2").get_data() for path in ("tags", "revisions")]
    assert after == before
    assert "late" in client.get("/v1/revisions/1").get_json()["data"]["tags"]


@pytest.mark.parametrize("name", ["2023-01-01", "2023-01-01T10:00", "12"])
def test_tag_names_that_read_as_a_time_or_id_are_refused(writer, name):
    client, auth = writer
    assert client.post("/v1/tags", json={"name": name}, headers=auth).status_code == 400
    assert client.get(f"/v1/series?as_of={name}").status_code == 404


BAD = [
    ("malformed JSON", "{not json", 400),
    ("wrong type", {**CLAIM, "value": "many"}, 400),
    ("float count", {**CLAIM, "value": 12.5}, 400),
    ("negative count", {**CLAIM, "value": -1}, 400),
    ("missing quote", {k: v for k, v in CLAIM.items() if k != "quote"}, 400),
    ("missing document", {k: v for k, v in CLAIM.items() if not k.startswith("document")}, 400),
    ("unknown field", {**CLAIM, "colour": "red"}, 400),
    ("unknown series", {**CLAIM, "series_id": "XX.nothing.nobody"}, 400),
    (
        "unknown document",
        {**{k: v for k, v in CLAIM.items() if k != "document_url"}, "document_id": 99},
        400,
    ),
    ("unknown release", {**CLAIM, "release_id": "XX-1999-01-01"}, 400),
    ("impossible date", {**CLAIM, "date": "2024-02-30"}, 400),
    ("future date", {**CLAIM, "date": "2999-01-01"}, 400),
    ("bad qualifier", {**CLAIM, "qualifier": "roughly"}, 400),
    ("precision mismatch", {**CLAIM, "date": "2024-04-30", "date_precision": "month"}, 400),
    ("empty batch", {"observations": []}, 400),
    ("batch over 10,000", {"observations": [CLAIM] * 10_001}, 400),
    ("second claim bad", {"observations": [CLAIM, {**CLAIM, "value": -5}]}, 400),
]


@pytest.mark.parametrize(("case", "body", "status"), BAD, ids=[case for case, _, _ in BAD])
def test_bad_input_is_refused_and_changes_nothing(writer, case, body, status):
    client, auth = writer
    before = state(client)
    payload = body if isinstance(body, str) else json.dumps(body)
    response = client.post(
        "/v1/observations", data=payload, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"]
    assert state(client) == before


def test_oversized_body_is_413_and_changes_nothing(writer):
    client, auth = writer
    before = state(client)
    payload = json.dumps({**CLAIM, "note": "x" * (21 * 1024 * 1024)})
    response = client.post(
        "/v1/observations", data=payload, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert state(client) == before


def test_write_endpoints_are_in_the_openapi_document(writer):
    client, _ = writer
    paths = client.get("/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/v1/sources"])
    assert {"get", "patch", "delete"} <= set(paths["/v1/observations/{observation_id}"])
    assert paths["/v1/observations"]["post"]["security"] == [{"bearerAuth": []}]


MORE_BAD = [
    ("future publication date", {**CLAIM, "published_at": "2999-02-01"}, 400),
    ("blank quote", {**CLAIM, "quote": "   "}, 400),
    ("document id with another address", {**CLAIM, "document_id": 1}, 409),
    (
        "same address, two publishers",
        {"observations": [CLAIM, {**CLAIM, "value": 2, "publisher": "X"}]},
        409,
    ),
    ("identical claim twice", {"observations": [CLAIM, CLAIM]}, 409),
]


@pytest.mark.parametrize(("case", "body", "status"), MORE_BAD, ids=[c for c, _, _ in MORE_BAD])
def test_contradictions_are_refused_and_change_nothing(writer, case, body, status):
    client, auth = writer
    before = state(client)
    response = client.post("/v1/observations", json=body, headers=auth)
    assert response.status_code == status, response.get_json()
    assert state(client) == before


def test_an_identical_claim_to_a_stored_one_is_refused(writer):
    client, auth = writer
    assert client.post("/v1/observations", json=CLAIM, headers=auth).status_code == 201
    again = client.post("/v1/observations", json=CLAIM, headers=auth)
    assert again.status_code == 409 and "observation 9" in again.get_json()["detail"]


def test_batch_errors_name_the_claim_and_field(writer):
    client, auth = writer
    batch = {"observations": [CLAIM, {**CLAIM, "value": -5}]}
    body = client.post("/v1/observations", json=batch, headers=auth).get_json()
    assert "observations.1.value" in body["errors"]
    orphan = {"observations": [CLAIM, {**CLAIM, "series_id": "XX.nothing.nobody"}]}
    body = client.post("/v1/observations", json=orphan, headers=auth).get_json()
    assert body["detail"].startswith("claim 1: unknown series")


def test_a_correction_that_changes_nothing_is_refused(writer):
    client, auth = writer
    response = client.patch("/v1/observations/3", json={"value": 120}, headers=auth)
    assert response.status_code == 400 and "changes nothing" in response.get_json()["detail"]


def test_blank_retraction_reason_is_refused(writer):
    client, auth = writer
    assert client.delete("/v1/observations/3?reason=%20%20", headers=auth).status_code == 400


def test_retracted_claims_are_gone_and_cannot_change(writer):
    client, auth = writer
    client.delete("/v1/observations/3?reason=wrong", headers=auth)
    assert client.patch("/v1/observations/3", json={"value": 1}, headers=auth).status_code == 410
    assert client.get("/v1/observations/3/history").status_code == 200


def test_a_body_that_is_not_json_is_415(writer):
    client, auth = writer
    response = client.post("/v1/observations", data="value=1", headers=auth)
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"


def test_one_created_thing_has_a_location(writer):
    client, auth = writer
    response = client.post(
        "/v1/observations",
        json={
            **CLAIM,
            "document_url": "https://news.test/a",
            "publisher": None,
            "published_at": None,
        },
        headers=auth,
    )
    assert response.headers["Location"] == "/v1/observations/9"


def test_a_curator_marks_a_claim_preferred_with_a_reason(writer):
    client, auth = writer
    before = client.get(f"{OBS}?claims=all&start=2024-02&end=2024-02&format=csv").get_data()
    mark = {"curator_mark": "preferred", "curator_reason": "the weekly count is the later one"}
    response = client.patch("/v1/observations/4", json={**mark, "message": "mark"}, headers=auth)
    assert response.status_code == 201, response.get_json()
    rows = client.get(f"{OBS}?claims=all&start=2024-02&end=2024-02").get_json()["data"]
    assert [(r["observation_id"], r["curator_mark"], r["preferred"]) for r in rows][0] == (
        4,
        "preferred",
        True,
    )
    pinned = client.get(f"{OBS}?claims=all&start=2024-02&end=2024-02&format=csv&as_of=2")
    assert pinned.get_data() == before  # the revision before the mark answers as it did
    versions = client.get("/v1/observations/4/history").get_json()["data"]
    assert [v["version"] for v in versions] == [1, 2]


def test_a_new_preferred_mark_clears_the_groups_earlier_one(writer):
    client, auth = writer
    first = {"curator_mark": "preferred", "curator_reason": "first choice"}
    client.patch("/v1/observations/4", json=first, headers=auth)
    second = {"curator_mark": "preferred", "curator_reason": "second choice"}
    assert client.patch("/v1/observations/3", json=second, headers=auth).status_code == 201
    marks = {
        r["observation_id"]: r["curator_mark"]
        for r in client.get(f"{OBS}?claims=all&start=2024-02&end=2024-02").get_json()["data"]
    }
    assert marks == {3: "preferred", 4: None}
    reasons = client.get("/v1/observations/4").get_json()["data"]["curator_reason"]
    assert reasons is None  # a superseded mark keeps no reason


def test_a_reason_without_a_mark_is_refused_and_writes_nothing(writer):
    client, auth = writer
    before = state(client)
    patch = {"curator_reason": "why not", "message": "a reason alone"}
    response = client.patch("/v1/observations/4", json=patch, headers=auth)
    assert response.status_code == 400
    assert "curator_reason" in response.get_json()["errors"]
    assert state(client) == before


def test_a_mark_without_a_reason_is_refused_and_writes_nothing(writer):
    client, auth = writer
    before = state(client)
    response = client.patch("/v1/observations/4", json={"curator_mark": "disputed"}, headers=auth)
    assert response.status_code == 400
    assert "curator_reason" in response.get_json()["errors"]
    assert state(client) == before


def test_a_period_cannot_start_after_its_claims_date(writer):
    """A tally "since" a day after the claim's own date was stored (POST and PATCH)."""
    client, auth = writer
    before = client.get("/v1/revisions").headers["X-Dataset-Revision"]
    late = {**NEW_CLAIM, "period_start": "2024-05-01"}  # the claim is of 2024-04-30
    response = client.post("/v1/observations", json=late, headers=auth)
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["period_start"]
    patched = client.patch("/v1/observations/1", json={"period_start": "2030-01-01"}, headers=auth)
    assert patched.status_code == 400 and "period_start" in patched.get_json()["errors"]
    assert client.get("/v1/revisions").headers["X-Dataset-Revision"] == before
    yearly = {**NEW_CLAIM, "date": "2024", "period_start": "2024-02-24"}  # within its year
    assert client.post("/v1/observations", json=yearly, headers=auth).status_code == 201


def test_a_document_address_is_added_once(writer):
    """A re-sent `POST /v1/documents` added a copy of the document each time (six at once
    under concurrent retries); moving a document onto another's address did the same."""
    client, auth = writer
    first = client.post("/v1/documents", json={"url": "https://alpha.test/once"}, headers=auth)
    assert first.status_code == 201
    stored = first.get_json()["document_ids"][0]
    before = client.get("/v1/revisions?limit=1").headers["X-Dataset-Revision"]
    for body in (
        {"url": "https://alpha.test/once"},
        {"url": "https://alpha.test/once", "title": "t"},
    ):
        again = client.post("/v1/documents", json=body, headers=auth)
        assert again.status_code == 409, again.get_json()
        assert f"PATCH /v1/documents/{stored}" in again.get_json()["detail"]
    moved = client.patch("/v1/documents/1", json={"url": "https://alpha.test/once"}, headers=auth)
    assert moved.status_code == 409
    assert client.get("/v1/revisions?limit=1").headers["X-Dataset-Revision"] == before
    retitled = client.patch(
        f"/v1/documents/{stored}",
        json={"url": "https://alpha.test/once", "title": "t"},
        headers=auth,
    )
    assert retitled.status_code == 201, retitled.get_json()


def test_a_reason_in_the_query_and_the_body_is_a_400(writer):
    """The query's reason was recorded and the body's dropped without a word."""
    client, auth = writer
    before = state(client)
    answer = client.delete("/v1/observations/4?reason=one", json={"reason": "two"}, headers=auth)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["errors"]["reason"] == ["given twice"]
    assert state(client) == before
