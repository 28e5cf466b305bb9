"""/v1/revisions and /v1/tags on the fixture data set."""

from __future__ import annotations


def test_revisions_newest_first(client):
    body = client.get("/v1/revisions").get_json()
    assert [(r["id"], r["changeset"], r["tags"]) for r in body["data"]] == [
        (2, "0002-more", []),
        (1, "0001-base", ["fixture.1"]),
    ]
    assert body["data"][1]["author"] == "tests"


def test_revisions_as_of_hides_later_ones(client):
    body = client.get("/v1/revisions?as_of=fixture.1").get_json()
    assert [r["id"] for r in body["data"]] == [1]


def test_revision_detail_lists_what_it_changed(client):
    data = client.get("/v1/revisions/2").get_json()["data"]
    assert data["changes"]["observations"] == {"added": [8], "corrected": [], "removed": []}
    assert data["changes"]["documents"]["added"] == [5]
    assert data["changes"]["sources"]["added"] == []


def test_tags(client):
    body = client.get("/v1/tags").get_json()
    assert [(t["name"], t["revision_id"]) for t in body["data"]] == [("fixture.1", 1)]


def test_tag_times_are_utc_like_revision_times(client):
    tag = client.get("/v1/tags").get_json()["data"][0]
    revision = client.get("/v1/revisions/1").get_json()["data"]
    assert tag["created_at"] == revision["created_at"]
    assert tag["created_at"].endswith("+00:00")


def test_a_revision_after_as_of_is_unknown(client):
    assert client.get("/v1/revisions/2?as_of=2").status_code == 200
    assert client.get("/v1/revisions/2?as_of=fixture.1").status_code == 404
