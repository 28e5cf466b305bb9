"""Documents name the original publication and, apart from it, the copy that was read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

from api.render.chart_parts import copy_read
from tests.conftest import NEW_CLAIM

OLDER_FIELDS = ["id", "url", "title", "publisher", "published_at", "retrieved_at", "archive_url"]
COPY = ["retrieved_at", "archive_url", "republished_by", "mirror"]
SERIES = "XX.political_prisoners.alpha"


def test_documents_carry_the_copy_read_with_new_fields_at_the_end(client):
    documents = client.get("/v1/documents").get_json()["data"]
    assert list(documents[1]) == [*OLDER_FIELDS, "language", "republished_by", "mirror"]
    assert documents[1:3] == [
        {
            "id": 2,
            "url": "https://news.test/a",
            "title": None,
            "publisher": "Daily Test",
            "published_at": "2024-03-02",
            "retrieved_at": "2024-03-03",
            "archive_url": "https://copy.test/daily/a",
            "language": "en",
            "republished_by": "copy.test",
            "mirror": None,
        },
        {
            "id": 3,
            "url": "https://news.test/b",
            "title": None,
            "publisher": "Weekly Test",
            "published_at": None,
            "retrieved_at": "2024-03-04",
            "archive_url": "https://archive.test/news.test/b",
            "language": "en",
            "republished_by": None,
            "mirror": True,
        },
    ]
    assert list(client.get("/v1/documents/3").get_json()["data"])[-3:] == [
        "republished_by",
        "mirror",
        "observation_ids",
    ]


def test_claims_carry_their_documents_copy_in_json_and_at_the_end_of_every_csv(client):
    claim = client.get("/v1/observations/4").get_json()["data"]
    assert {k: claim[k] for k in ["publisher", *COPY]} == {
        "publisher": "Weekly Test",
        "retrieved_at": "2024-03-04",
        "archive_url": "https://archive.test/news.test/b",
        "republished_by": None,
        "mirror": True,
    }
    claims = client.get(f"/v1/series/{SERIES}/observations.csv?claims=all").get_data(as_text=True)
    assert claims.splitlines()[0].endswith(
        ",curator_reason,retrieved_at,archive_url,republished_by,mirror"
    )
    batches = client.get("/v1/releases.csv").get_data(as_text=True)
    assert batches.splitlines()[0].endswith(
        ",batch_preferred_by,retrieved_at,archive_url,republished_by,mirror"
    )


def test_the_data_package_documents_table_has_the_new_columns_at_its_end(client):
    package = client.get("/v1/export/datapackage.zip").get_data()
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("data/documents.csv").decode())))
    [documents] = [r for r in descriptor["resources"] if r["name"] == "documents"]
    names = [f["name"] for f in documents["schema"]["fields"]]
    assert names == [*OLDER_FIELDS, "language", "republished_by", "mirror"]
    assert documents["schema"]["fields"][-1]["type"] == "boolean"
    assert [(r["republished_by"], r["mirror"]) for r in rows[1:3]] == [
        ("copy.test", ""),
        ("", "true"),
    ]


def test_the_series_page_shows_the_original_publisher_first_and_the_copy_read_second(client):
    html = client.get(f"/series/{SERIES}").get_data(as_text=True)
    assert (
        '<span class="publisher">Daily Test</span>: <a href="https://news.test/a">news.test</a>'
        '<span class="copy-read">; <a href="https://copy.test/daily/a">'
        "read at copy.test, 2024-03-03</a></span>"
    ) in html
    assert (
        '<span class="publisher">Weekly Test</span>: <a href="https://news.test/b">news.test</a> '
        '<span class="mirror" title="The copy read does not give the original\'s address">'
        "(mirror)</span>"
    ) in html
    embed = client.get(f"/embed/series/{SERIES}").get_data(as_text=True)
    assert "read at archive.test, 2024-03-04</a>" in embed


def test_copy_read_words():
    assert copy_read({"archive_url": "https://a.test/x", "retrieved_at": dt.date(2026, 12, 1)}) == (
        "read at a.test, 2026-12-01"
    )
    assert copy_read({"republished_by": "blog.test"}) == "read at blog.test"
    assert copy_read({"retrieved_at": "2026-12-01"}) == "read on 2026-12-01"
    assert copy_read({"archive_url": None}) == ""


def test_a_claim_written_through_the_api_describes_its_documents_copy(writer):
    client, auth = writer
    copy = {
        "retrieved_at": "2024-05-02",
        "archive_url": "https://copy.test/alpha/april",
        "republished_by": "copy.test",
        "mirror": False,
    }
    response = client.post("/v1/observations", json={**NEW_CLAIM, **copy}, headers=auth)
    assert response.status_code == 201, response.get_json()
    [document_id] = response.get_json()["document_ids"]
    stored = client.get(f"/v1/documents/{document_id}").get_json()["data"]
    assert {k: stored[k] for k in COPY} == copy
    other = {**NEW_CLAIM, "date": "2024-05-31", "quote": "141 at the end of May.", "value": 141}
    refused = client.post("/v1/observations", json={**other, "mirror": True}, headers=auth)
    assert refused.status_code == 409
    assert "has mirror False, not True" in refused.get_json()["detail"]
