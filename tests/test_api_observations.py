"""/v1/series/{id}/observations and /v1/observations/{id} on the fixture data set."""

from __future__ import annotations

import io

import pandas as pd

SERIES = "XX.political_prisoners.alpha"
URL = f"/v1/series/{SERIES}/observations"


def values(response) -> list[tuple[str, int]]:
    return [(row["date"], row["value"]) for row in response.get_json()["data"]]


def test_preferred_claim_per_date_in_date_order(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert values(response) == [
        ("2024-01-01", 90),
        ("2024-01-31", 100),
        ("2024-02-29", 120),
        ("2024-03-31", 130),
    ]
    body = response.get_json()
    assert body["revision"] == 2
    assert response.headers["X-Dataset-Revision"] == "2"


def test_primary_publication_wins_over_a_later_report(client):
    january = client.get(URL, query_string={"start": "2024-01-31", "end": "2024-01-31"})
    [row] = january.get_json()["data"]
    assert (row["observation_id"], row["primary"], row["conflict"]) == (1, True, False)


def test_known_publication_date_wins_and_disagreement_is_flagged(client):
    response = client.get(URL, query_string={"claims": "all", "start": "2024-02", "end": "2024-02"})
    rows = response.get_json()["data"]
    assert [(r["observation_id"], r["preferred"], r["conflict"]) for r in rows] == [
        (3, True, True),
        (4, False, True),
    ]
    assert rows[1]["qualifier"] == "at_least"


def test_claims_carry_their_provenance(client):
    [row] = client.get(URL, query_string={"start": "2024-03-31"}).get_json()["data"]
    assert row == {
        "observation_id": 8,
        "series_id": SERIES,
        "date": "2024-03-31",
        "date_precision": "day",
        "period_start": None,
        "value": 130,
        "qualifier": "exact",
        "status": "reported",
        "source_id": "alpha",
        "primary": True,
        "reported_by": "Alpha Watch",
        "publisher": "Alpha Watch",
        "document_id": 5,
        "document_url": "https://alpha.test/march",
        "document_title": "Alpha monthly review: March 2024",
        "published_at": "2024-04-01",
        "quote": "130 political prisoners at the end of March.",
        "note": None,
        "release_id": None,
        "revision": 2,
        "preferred": True,
        "conflict": False,
        "preferred_by": "only_claim",
        "conflict_with": [],
        "part": None,
        "counted": None,
        "curator_mark": None,
        "curator_reason": None,
        "retrieved_at": None,
        "archive_url": None,
        "republished_by": None,
        "mirror": None,
    }


def test_csv_is_exact_and_neutralises_formulas(client):
    response = client.get(
        URL, query_string={"format": "csv", "claims": "all", "start": "2024-02", "end": "2024-02"}
    )
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (f'attachment; filename="{SERIES}.r2.csv"')
    assert response.get_data(as_text=True) == (
        "series_id,date,date_precision,value,qualifier,status,source_id,reported_by,publisher,"
        "document_url,published_at,quote,observation_id,revision,period_start,primary,"
        "preferred,conflict,release_id,document_id,document_title,note,"
        "preferred_by,conflict_with,part,counted,curator_mark,curator_reason,"
        "retrieved_at,archive_url,republished_by,mirror\r\n"
        "XX.political_prisoners.alpha,2024-02-29,day,120,exact,reported,alpha,Daily Test,"
        "Daily Test,https://news.test/a,2024-03-02,By the end of February Alpha counted 120.,"
        "3,1,,false,true,true,,2,,,qualifier,4,,,,,2024-03-03,https://copy.test/daily/a,copy.test,\r\n"
        "XX.political_prisoners.alpha,2024-02-29,day,125,at_least,reported,alpha,Weekly Test,"
        'Weekly Test,https://news.test/b,,"\'=at least 125, says Alpha",4,1,,false,false,true,'
        ",3,,a quote starting with = to test formula neutralisation,,3,,,,,"
        "2024-03-04,https://archive.test/news.test/b,,true\r\n"
    )


def test_csv_reads_in_pandas_with_no_options(client):
    body = client.get(URL, query_string={"format": "csv"}).get_data()
    frame = pd.read_csv(io.BytesIO(body))
    assert frame["value"].dtype.kind == "i"
    assert list(frame["value"]) == [90, 100, 120, 130]
    assert list(frame.columns[:3]) == ["series_id", "date", "date_precision"]


def test_as_of_revision_tag_and_time_reproduce_revision_1(client):
    first = values(client.get(URL, query_string={"as_of": "1"}))
    assert first == [("2024-01-01", 90), ("2024-01-31", 100), ("2024-02-29", 120)]
    assert values(client.get(URL, query_string={"as_of": "fixture.1"})) == first
    created = client.get("/v1/revisions/1").get_json()["data"]["created_at"]
    assert values(client.get(URL, query_string={"as_of": created})) == first
    response = client.get(URL, query_string={"as_of": "fixture.1"})
    assert response.headers["X-Dataset-Revision"] == "1"


def test_pages_link_to_the_next_page_pinned_to_the_revision(client):
    response = client.get(URL, query_string={"limit": 3})
    body = response.get_json()
    assert len(body["data"]) == 3
    assert body["next"] == f"http://localhost{URL}?limit=3&offset=3&as_of=2"
    assert response.headers["Link"] == f'<{body["next"]}>; rel="next"'
    last = client.get(body["next"])
    assert values(last) == [("2024-03-31", 130)]
    assert last.get_json()["next"] is None
    assert "Link" not in last.headers


def test_csv_holds_every_row_unless_limited(client):
    body = client.get(URL, query_string={"format": "csv", "claims": "all"}).get_data(as_text=True)
    assert body.count("\r\n") == 1 + 6


def test_one_observation_with_its_version_history(client):
    response = client.get("/v1/observations/4")
    data = response.get_json()["data"]
    assert (data["value"], data["quote"], data["conflict"]) == (
        125,
        "=at least 125, says Alpha",
        True,
    )
    assert [(v["version"], v["added_in"], v["removed_in"]) for v in data["versions"]] == [
        (1, 1, None)
    ]


def test_an_observation_that_did_not_exist_yet_is_404(client):
    response = client.get("/v1/observations/8", query_string={"as_of": "1"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
