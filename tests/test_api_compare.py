"""/v1/compare: series side by side, on the fixture and on the shipped data set."""

from __future__ import annotations

import io

import pandas as pd
import pytest

ALPHA = "XX.political_prisoners.alpha"


def test_wide_csv_on_dates_is_exact(client):
    response = client.get(f"/v1/compare.csv?series={ALPHA},XX.released.beta,XX.released.alpha")
    assert response.headers["X-Dataset-Revision"] == "2"
    assert response.headers["Content-Disposition"] == 'attachment; filename="compare.r2.csv"'
    assert response.get_data(as_text=True) == (
        "period,period_end,"
        f"{ALPHA},{ALPHA}.qualifier,"
        "XX.released.beta,XX.released.beta.qualifier,"
        "XX.released.alpha,XX.released.alpha.qualifier\r\n"
        "2024,2024-12-31,90,about,,,,\r\n"
        "2024-01-31,2024-01-31,100,exact,,,,\r\n"
        "2024-02-29,2024-02-29,120,exact,,,,\r\n"
        "2024-03-01,2024-03-01,,,10,exact,,\r\n"
        "2024-03-02,2024-03-02,,,,,12,about\r\n"
        "2024-03-31,2024-03-31,130,exact,,,,\r\n"
    )


def test_monthly_json_uses_each_kinds_default(client):
    query = {"series": f"{ALPHA},XX.released.beta", "frequency": "M"}
    body = client.get("/v1/compare", query_string=query).json
    assert body["series"] == [
        {"id": ALPHA, "kind": "stock", "aggregation": "last"},
        {"id": "XX.released.beta", "kind": "flow", "aggregation": "sum"},
    ]
    assert [(r["period"], r[ALPHA], r["XX.released.beta"]) for r in body["data"]] == [
        ("2024-01", 100, None),
        ("2024-02", 120, None),
        ("2024-03", 130, 10),
    ]
    assert body["data"][0]["period_end"] == "2024-01-31"


def test_viasna_against_another_count_in_pandas(shipped_client):
    # AP's one count of Belarus's political prisoners: "about 1,400" on 4 Sep 2024.
    url = (
        "/v1/compare.csv?series=BY.political_prisoners.viasna,BY.political_prisoners.ap"
        "&frequency=Y&start=2023&end=2025"
    )
    frame = pd.read_csv(io.BytesIO(shipped_client.get(url).get_data()), dtype={"period": str})
    frame = frame.set_index("period")
    assert frame["BY.political_prisoners.viasna"].to_dict() == {
        "2023": 1452,
        "2024": 1265,
        "2025": 1131,
    }
    assert frame.loc["2024", "BY.political_prisoners.ap"] == 1400
    assert frame.loc["2024", "BY.political_prisoners.ap.qualifier"] == "about"
    assert frame["BY.political_prisoners.ap"].isna().tolist() == [True, False, True]


def test_releases_by_source_per_year(shipped_client):
    ids = "BY.released.belarus-government,BY.released.belta,BY.released.viasna"
    body = shipped_client.get(f"/v1/compare?series={ids}&frequency=Y&start=2024&as_of=1").json
    assert [
        (
            r["period"],
            r["BY.released.belarus-government"],
            r["BY.released.belta"],
            r["BY.released.viasna"],
        )
        for r in body["data"]
    ] == [("2024", 189, 60, 8), ("2025", 313, 65, 175)]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ("series=" + ",".join(f"XX.s{i}" for i in range(21)), "series"),
        (f"series={ALPHA},XX.nothing.here", "series"),
        (f"series={ALPHA},{ALPHA}", "series"),
        ("series=", "series"),
        ("", "series"),
        (f"series={ALPHA}&frequency=fortnightly", "frequency"),
        (f"series={ALPHA}&aggregation=sum", "aggregation"),
        (f"series={ALPHA}&start=2025&end=2024", "start"),
    ],
)
def test_bad_compares_are_400_naming_the_argument(client, query, argument):
    response = client.get(f"/v1/compare?{query}")
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert argument in response.json["errors"]
    assert argument in response.json["detail"]


def test_a_comparison_past_its_values_cap_is_a_400_naming_frequency(shipped_client):
    """Twenty series by day were 118,000 values (13 MB, 1.7 s of a worker each time; with a
    claim added in 1950, 278,000 values, 30 MB, 2-4 s): three anonymous clients looping on
    it took every other request from 2 ms to seconds."""
    listed = shipped_client.get("/v1/series").get_json()["data"]
    counted = sorted((s["first_date"], s["id"]) for s in listed if s["first_date"])
    stocks = [series_id for _, series_id in counted]
    series = ",".join(stocks[:20])  # the 20 that start first: about 6,000 days of 20 values
    daily = shipped_client.get(f"/v1/compare?series={series}&frequency=D")
    assert daily.status_code == 400, daily.get_json()
    assert "more than 100,000 values" in daily.get_json()["errors"]["frequency"][0]
    assert shipped_client.get(f"/v1/compare.csv?series={series}&frequency=D").status_code == 400
    monthly = shipped_client.get(f"/v1/compare?series={series}&frequency=M")
    assert monthly.status_code == 200
    one_by_day = shipped_client.get(f"/v1/compare?series={stocks[0]}&frequency=D")
    assert one_by_day.status_code == 200
