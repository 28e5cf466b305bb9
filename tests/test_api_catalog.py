"""/v1/sources, /v1/series and /v1/documents on the fixture data set."""

from __future__ import annotations


def ids(response) -> list[str]:
    return [row["id"] for row in response.get_json()["data"]]


def test_sources_and_filter_by_kind(client):
    assert ids(client.get("/v1/sources")) == ["alpha", "beta"]
    assert ids(client.get("/v1/sources?kind=state_media")) == ["beta"]


def test_one_source_lists_its_series(client):
    data = client.get("/v1/sources/alpha").get_json()["data"]
    assert data["series"] == ["XX.political_prisoners.alpha", "XX.released.alpha"]
    assert data["kind"] == "human_rights_org"


def test_series_filters(client):
    every = ["XX.political_prisoners.alpha", "XX.released.alpha", "XX.released.beta"]
    assert ids(client.get("/v1/series")) == every
    assert ids(client.get("/v1/series?measure=released")) == every[1:]
    assert ids(client.get("/v1/series?source=beta")) == ["XX.released.beta"]
    assert ids(client.get("/v1/series?source_kind=human_rights_org")) == every[:2]
    assert ids(client.get("/v1/series?country=XX&measure=political_prisoners")) == every[:1]
    assert ids(client.get("/v1/series?country=BY")) == []


def test_series_detail_has_statistics_and_latest_preferred_claim(client):
    response = client.get("/v1/series/XX.political_prisoners.alpha")
    data = response.get_json()["data"]
    assert (data["claim_count"], data["first_date"], data["last_date"]) == (
        6,
        "2024-01-01",
        "2024-03-31",
    )
    assert (data["latest"]["value"], data["latest"]["observation_id"]) == (130, 8)
    assert (data["kind"], data["unit"], data["source_kind"]) == (
        "stock",
        "persons",
        "human_rights_org",
    )
    assert response.headers["X-Dataset-Revision"] == "2"


def test_series_at_an_earlier_revision(client):
    data = client.get("/v1/series/XX.political_prisoners.alpha?as_of=1").get_json()["data"]
    assert (data["claim_count"], data["latest"]["value"]) == (5, 120)


def test_documents_page_and_detail(client):
    body = client.get("/v1/documents?limit=2").get_json()
    assert [d["url"] for d in body["data"]] == ["https://alpha.test/january", "https://news.test/a"]
    assert body["next"].endswith("/v1/documents?limit=2&offset=2&as_of=2")
    detail = client.get("/v1/documents/2").get_json()["data"]
    assert detail["observation_ids"] == [2, 3, 6]
    assert detail["published_at"] == "2024-03-02"


def test_document_added_later_is_absent_earlier(client):
    assert client.get("/v1/documents/5").status_code == 200
    assert client.get("/v1/documents/5?as_of=1").status_code == 404
