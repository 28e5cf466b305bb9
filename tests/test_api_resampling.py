"""Resampling and transforms on the shipped data set, against values worked out by hand.

The hand work reads datasets/changesets/0001-initial/observations.csv: for each date the
preferred claim (the counting source's own publication first, then the latest published),
then the last of each year or month. So the requests are pinned to that changeset's revision
(`as_of=2025.12`); later changesets add claims, and a pinned answer never changes.
"""

from __future__ import annotations

import io

import pandas as pd

VIASNA = "/v1/series/BY.political_prisoners.viasna/observations"
RELEASED = "/v1/series/BY.released.viasna/observations"
FIRST = "2025.12"  # the tag of revision 1, the 0001-initial changeset


def periods(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        (r["period"], r["value"], r["qualifier"], r["claim_count"]) for r in response.json["data"]
    ]


def test_yearly_last_of_viasnas_count(shipped_client):
    # 2020: Rada (no publication date) and TASS (6 Jan 2021) both say 169; TASS is
    # preferred (a known publication date wins) and says "some 169": about.
    # 2022: on 31 Dec Viasna said 1,446 (published 9 Jan 2023) and 1,448 (4 Jan): 1,446.
    # 2024 holds AP's year-dated "more than 1,300" too, dated at the start of the year.
    response = shipped_client.get(VIASNA, query_string={"frequency": "Y", "as_of": FIRST})
    assert periods(response) == [
        ("2020", 169, "about", 1),
        ("2021", 970, "exact", 8),
        ("2022", 1446, "exact", 5),
        ("2023", 1452, "exact", 13),
        ("2024", 1265, "exact", 18),
        ("2025", 1131, "exact", 12),
    ]
    body = response.json
    assert (body["frequency"], body["aggregation"], body["transform"]) == ("Y", "last", "none")
    assert body["claims_left_out"] == 0


def test_monthly_diffs_read_in_pandas(shipped_client):
    # October 2024 ends at 1,299 and November at 1,296 (Viasna's month-end count; the
    # 7 Nov "almost 1,300" and 20 Nov 1,275 come before it); December ends at 1,265.
    url = f"{VIASNA}.csv?frequency=M&transform=diff&start=2024-11&end=2024-12&as_of={FIRST}"
    frame = pd.read_csv(io.BytesIO(shipped_client.get(url).get_data()), parse_dates=["period_end"])
    assert list(frame["period"]) == ["2024-11", "2024-12"]
    assert list(frame["value"]) == [-3, -31]
    assert list(frame["claim_count"]) == [3, 1]
    assert frame["period_end"].dt.day.tolist() == [30, 31]


def test_monthly_csv_is_exact(shipped_client):
    response = shipped_client.get(f"{VIASNA}.csv?frequency=M&start=2025-01&end=2025-03&as_of=1")
    assert response.get_data(as_text=True) == (
        "series_id,period,period_end,value,qualifier,bound,derived,claim_count,empty_reason\r\n"
        "BY.political_prisoners.viasna,2025-01,2025-01-31,1244,exact,,false,2,\r\n"
        "BY.political_prisoners.viasna,2025-02,2025-02-28,1234,exact,,false,1,\r\n"
        "BY.political_prisoners.viasna,2025-03,2025-03-31,1200,exact,,false,1,\r\n"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="BY.political_prisoners.viasna.r1.csv"'
    )


def test_releases_per_month_count_each_batch_once(shipped_client):
    # Viasna's claims about the July 2024 batch: 8 (its own, 3 Jul), 5, 10 and 18 (others,
    # 3-5 Jul), all "at least". One claim per batch: Viasna's own 8. Then 52 (11 Sep 2025)
    # and 123 (13 Dec 2025, reported twice, counted once).
    response = shipped_client.get(RELEASED, query_string={"frequency": "Y", "as_of": FIRST})
    assert periods(response) == [("2024", 8, "at_least", 1), ("2025", 175, "exact", 2)]
    assert [r["bound"] for r in response.json["data"]] == ["lower", None]


def test_cumulative_releases(shipped_client):
    query = {"frequency": "Y", "transform": "cumsum", "as_of": FIRST}
    response = shipped_client.get(RELEASED, query_string=query)
    assert [(r["value"], r["bound"], r["derived"]) for r in response.json["data"]] == [
        (8, "lower", True),
        (183, "lower", True),
    ]


def test_a_tally_takes_its_last_figure(shipped_client):
    # Viasna's running totals in 2024: November (63), December (69 and 49 for the same
    # month: one preferred), 178 on 5 Dec and 178 on 9 Dec: four dates, the last 178.
    url = f"/v1/series/BY.released_cumulative.viasna/observations?frequency=Y&as_of={FIRST}"
    assert periods(shipped_client.get(url))[0] == ("2024", 178, "exact", 4)
    refused = shipped_client.get(url + "&aggregation=sum")
    assert refused.status_code == 400
    assert "aggregation" in refused.json["errors"]


def test_claims_stay_the_default(shipped_client):
    body = shipped_client.get(VIASNA, query_string={"limit": 1}).json
    # rule 2 (from revision 5): the exact 169 of 2020-12-31 before "about 169"
    assert body["data"][0]["observation_id"] == 1
    assert body["view"] == "current"
