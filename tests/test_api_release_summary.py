"""/v1/releases/summary: batch claims totalled per source, never with tallies or parts."""

from __future__ import annotations

import io

import pandas as pd

URL = "/v1/releases/summary"
FIRST = "2025.12"  # revision 1: the figures worked out below are those of 0001-initial


def totals(body, key: str = "period") -> dict[tuple[str, str], int]:
    return {(row[key], row["source_id"]): row["total"] for row in body["data"]}


def test_release_totals_per_year_by_source(shipped_client):
    # The government's batch figures: 2024: 30 (16 Aug) + 30 (4 Sep) + 37 (16 Sep) + 31
    # (7 Nov) + 32 (20 Nov) + 29 (9 Dec) = 189; 2025: 23 + 15 + 42 + 14 + 16 + 25 + 2 +
    # 31 + 123 + 22 = 313. Viasna: the July 2024 batch once (its own "at least 8"), then
    # 52 + 123 = 175 in 2025. AP: 18 (July 2024), then 51 (11 Sep 2025: of AP's 52 and 51,
    # the later publication) + 2 = 53.
    body = shipped_client.get(URL, query_string={"by": "year", "as_of": FIRST}).json
    found = totals(body)
    assert found[("2024", "belarus-government")] == 189
    assert found[("2025", "belarus-government")] == 313
    assert found[("2024", "viasna")] == 8
    assert found[("2025", "viasna")] == 175
    assert (found[("2024", "ap")], found[("2025", "ap")]) == (18, 53)
    assert found[("2021", "belarus-government")] == 13
    assert body["measure"] == "released"
    viasna_2024 = next(
        r for r in body["data"] if (r["period"], r["source_id"]) == ("2024", "viasna")
    )
    assert (viasna_2024["qualifier"], viasna_2024["bound"]) == ("at_least", "lower")


def test_tallies_and_partial_counts_are_never_added(shipped_client):
    body = shipped_client.get(URL, query_string={"by": "source", "as_of": FIRST}).json
    assert all(row["series_id"].startswith("BY.released.") for row in body["data"])
    sources = {row["source_id"] for row in body["data"]}
    assert "dissidentby" not in sources  # it has only a cumulative tally
    viasna = next(row for row in body["data"] if row["source_id"] == "viasna")
    assert (viasna["total"], viasna["batch_count"], viasna["derived"]) == (183, 3, True)


def test_by_mechanism_and_month_in_csv(shipped_client):
    url = f"{URL}.csv?by=mechanism&source=belarus-government&as_of={FIRST}"
    frame = pd.read_csv(io.BytesIO(shipped_client.get(url).get_data()))
    assert frame[["mechanism", "total", "batch_count"]].values.tolist() == [
        ["expulsion", 123, 1],
        ["pardon", 392, 16],
    ]
    body = shipped_client.get(
        URL, query_string={"by": "month", "start": "2024-09", "end": "2024-09", "as_of": FIRST}
    ).json
    assert totals(body) == {("2024-09", "belarus-government"): 67, ("2024-09", "belta"): 30}


def test_fixture_summary_is_exact(client):
    response = client.get(f"{URL}.csv", query_string={"by": "source"})
    assert response.get_data(as_text=True) == (
        "source_id,series_id,total,batch_count,qualifier,bound,derived,release_ids\r\n"
        "alpha,XX.released.alpha,12,1,about,approximate,false,XX-2024-03-01\r\n"
        "beta,XX.released.beta,10,1,exact,,false,XX-2024-03-01\r\n"
    )


def test_bad_summaries_are_400(client):
    for query, argument in (("by=week", "by"), ("start=2025&end=2024", "start"), ("x=1", "x")):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 400
        assert argument in response.json["errors"]


def test_release_lists_refuse_start_after_end(client):
    response = client.get("/v1/releases?start=2025&end=2024")
    assert response.status_code == 400
    assert "start" in response.json["errors"]


def _batch(release_id: str, day: str, value: int, qualifier: str, status: str = "reported"):
    claim = {
        "series_id": "XX.released.beta",
        "date": day,
        "value": value,
        "qualifier": qualifier,
        "status": status,
        "reported_by": "Beta State Agency",
        "document_url": f"https://beta.test/{release_id.lower()}",
        "quote": f"{value} people were freed.",
        "primary": True,
    }
    return {
        "release_id": release_id,
        "date": day,
        "country": "XX",
        "category": "political_prisoners",
        "mechanism": "pardon",
        "claims": [claim],
    }


def test_a_total_never_carries_a_qualifier_its_bound_contradicts(writer):
    """A lower and an upper bound summed have no known total; an estimate makes it `about`
    (the summary gave `at_most` beside `indeterminate`, and `exact` for an estimate)."""
    client, auth = writer
    for body in (
        _batch("XX-2024-05-01", "2024-05-01", 5, "at_least"),
        _batch("XX-2024-06-01", "2024-06-01", 3, "at_most"),
        _batch("XX-2025-01-01", "2025-01-01", 4, "exact", status="estimate"),
    ):
        assert client.post("/v1/releases", json=body, headers=auth).status_code == 201
    rows = client.get(URL, query_string={"by": "year", "source": "beta"}).json["data"]
    found = {row["period"]: (row["total"], row["qualifier"], row["bound"]) for row in rows}
    assert found["2024"] == (None, None, "indeterminate")
    assert found["2025"] == (4, "about", "approximate")
