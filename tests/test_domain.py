"""Dates of day, month and year precision, as data and as query bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from api.domain.vocabulary import parse_partial_date, series_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-22", (dt.date(2025, 11, 22), "day")),
        ("2025-01", (dt.date(2025, 1, 1), "month")),
        ("2024", (dt.date(2024, 1, 1), "year")),
    ],
)
def test_partial_dates(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["2025-13", "25-01-01", "2025/01/01", "", "2025-02-30"])
def test_bad_partial_dates(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_series_key():
    assert series_key("BY", "released", "us-government") == "BY.released.us-government"


def test_period_bounds_cover_the_whole_period(client):
    url = "/v1/series/XX.political_prisoners.alpha/observations"
    feb = client.get(url, query_string={"start": "2024-02", "end": "2024-02"}).get_json()["data"]
    assert [row["date"] for row in feb] == ["2024-02-29"]
    year = client.get(url, query_string={"start": "2024", "end": "2024"}).get_json()["data"]
    assert len(year) == 4
