"""The change feed, a claim's history and the Atom feeds, after real writes."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from tests.conftest import NEW_CLAIM as CLAIM

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture()
def history(writer):
    """Revision 3 adds a claim, 4 corrects claim 3, 5 retracts claim 4."""
    client, auth = writer
    client.post("/v1/observations", json=CLAIM, headers=auth)
    client.patch("/v1/observations/3", json={"value": 121, "message": "typo"}, headers=auth)
    client.delete("/v1/observations/4?reason=misread", headers=auth)
    return client


def test_changes_since_a_revision_in_order(history):
    body = history.get("/v1/changes?since=2").get_json()
    assert body["revision"] == 5 and body["since"] == 2
    rows = [(c["revision"], c["kind"], c["id"], c["action"]) for c in body["data"]]
    assert rows == [
        (3, "document", "6", "added"),
        (3, "observation", "9", "added"),
        (4, "observation", "3", "corrected"),
        (5, "observation", "4", "retracted"),
    ]
    assert body["data"][2]["data"]["value"] == 121
    assert "data" not in body["data"][3]
    assert body["data"][3]["message"] == "retracted observation 4: misread"


def test_changes_up_to_as_of_and_bad_since(history):
    rows = history.get("/v1/changes?since=2&as_of=3").get_json()["data"]
    assert [c["revision"] for c in rows] == [3, 3]
    assert history.get("/v1/changes?since=9").status_code == 400
    assert history.get("/v1/changes").status_code == 400


def test_everything_from_zero_replays_the_whole_data_set(history):
    body = history.get("/v1/changes?since=0&limit=10000").get_json()
    added = [c for c in body["data"] if c["kind"] == "observation" and c["action"] == "added"]
    assert len(added) == 9


def test_revision_detail_links_to_its_changes(history):
    data = history.get("/v1/revisions/4").get_json()["data"]
    assert data["links"]["changes"].endswith("/v1/changes?since=3&as_of=4")
    assert data["changes"]["observations"]["corrected"] == [3]


def test_history_lists_every_version_with_author_and_message(history):
    body = history.get("/v1/observations/3/history").get_json()
    assert [(v["version"], v["value"], v["removed_in"], v["message"]) for v in body["data"]] == [
        (1, 120, 4, "Synthetic test fixture: base"),
        (2, 121, None, "typo"),
    ]
    assert body["data"][1]["author"] == "curator"
    assert body["data"][0]["document_url"] == "https://news.test/a"
    retracted = history.get("/v1/observations/4/history").get_json()["data"]
    assert [(v["version"], v["removed_in"]) for v in retracted] == [(1, 5)]
    assert history.get("/v1/observations/9/history?as_of=2").status_code == 404


def test_history_shows_what_a_mark_or_a_label_changed(writer):
    """A version that only marks a claim, labels its part or says it was added up must not
    read like the one before it: the history carries those fields."""
    client, auth = writer
    mark = {"curator_mark": "disputed", "curator_reason": "copy of a copy", "message": "doubt"}
    assert client.patch("/v1/observations/3", json=mark, headers=auth).status_code == 201
    label = {"counted": "sum", "part": "women", "message": "label"}
    assert client.patch("/v1/observations/3", json=label, headers=auth).status_code == 201
    versions = client.get("/v1/observations/3/history").get_json()["data"]
    fields = ("curator_mark", "curator_reason", "counted", "part")
    assert [tuple(v[f] for f in fields) for v in versions] == [
        (None, None, None, None),
        ("disputed", "copy of a copy", None, None),
        ("disputed", "copy of a copy", "sum", "women"),
    ]


def test_atom_feed_of_revisions(history):
    response = history.get("/v1/changes.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[:2] == ["Revision 5", "Revision 4"]
    assert titles[-1] == "Revision 1 (tagged fixture.1)"
    assert response.headers["X-Dataset-Revision"] == "5"


def test_atom_feed_of_release_batches(history):
    feed = ET.fromstring(history.get("/v1/releases.atom").get_data())
    [entry] = list(feed.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}title") == "Synthetic pardon"
    assert "alpha 12" in entry.findtext(f"{ATOM}summary") and "beta 10" in entry.findtext(
        f"{ATOM}summary"
    )


def test_dates_inside_change_data_are_iso_8601(history):
    [document] = [
        c for c in history.get("/v1/changes?since=2").get_json()["data"] if c["kind"] == "document"
    ]
    assert document["data"]["published_at"] == "2024-05-01"
