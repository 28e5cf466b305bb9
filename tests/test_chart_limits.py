"""Charts cannot stall the service: capped sizes and points, a time budget, drawing slots."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from api.http.views.charts import chart_limits
from api.render.sandbox import DrawingFailed, drawer
from api.services.publishing.thinning import thin_batches, thin_claims
from tests.conftest import NEW_CLAIM, make_app

ALPHA = "XX.political_prisoners.alpha"
URL = f"/v1/series/{ALPHA}/chart"


@pytest.fixture()
def long_series(writer):
    """The fixture data plus 40 claims of alpha, one a day of March 2023: (url, auth)."""
    client, auth = writer
    claims = [
        {**NEW_CLAIM, "date": (dt.date(2023, 3, 1) + dt.timedelta(days=i)).isoformat(),
         "value": 100 + i, "quote": f"{100 + i} political prisoners."}
        for i in range(40)
    ]  # fmt: skip
    created = client.post("/v1/observations", json={"observations": claims}, headers=auth)
    assert created.status_code == 201, created.get_json()
    return client.application.config["DATABASE_URL"]


@pytest.mark.parametrize(
    ("query", "argument"),
    [("width=2001", "width"), ("height=1501", "height"), ("title=" + "t" * 201, "title")],
)
def test_sizes_and_titles_past_the_documented_caps_are_400(client, query, argument):
    answer = client.get(f"{URL}.png?{query}")
    assert answer.status_code == 400 and argument in answer.get_json()["errors"]


def test_past_the_points_cap_a_chart_is_thinned_and_says_so(long_series):
    client = make_app(long_series, CHART_MAX_POINTS=10).test_client()
    spec = client.get(f"{URL}.vl.json?claims=all").get_json()
    values = spec["data"]["values"]
    assert len(values) == 10
    every = make_app(long_series).test_client().get(f"{URL}.vl.json").get_json()["data"]["values"]
    total = len(every)
    note = f"Thinned to 10 of {total} claims (the preferred claim at evenly spaced dates)"
    assert any(line.startswith(note) for line in spec["title"]["subtitle"])
    assert note in spec["description"]
    assert spec["usermeta"]["thinned"] == {"shown": 10, "total": total}
    assert values[-1] == every[-1]  # the latest claim is always drawn
    page = client.get(f"/embed/series/{ALPHA}").get_data(as_text=True)
    assert "Data table (10 claims)" in page and "Thinned to 10" in page


def test_within_the_cap_nothing_is_thinned(long_series):
    spec = make_app(long_series).test_client().get(f"{URL}.vl.json").get_json()
    assert "thinned" not in spec["usermeta"]
    assert not any("Thinned" in line for line in spec["title"]["subtitle"])


def test_thinning_keeps_preferred_claims_first_then_spaced_dates():
    claims = [
        SimpleNamespace(series_id="a", date=f"d{i:02}", preferred=i % 2 == 0) for i in range(20)
    ]
    preferred = thin_claims(claims, 10)
    assert (preferred.shown, preferred.total, len(preferred.rows)) == (10, 20, 10)
    assert all(c.preferred for c in preferred.rows)
    spaced = thin_claims(claims, 4)
    assert [c.date for c in spaced.rows] == ["d04", "d08", "d14", "d18"]
    assert thin_claims(claims, 20).note is None
    batches = [SimpleNamespace(claims=c) for c in ([1, 2], [3], [4, 5])]
    newest = thin_batches(batches, 3)
    assert newest.rows == batches[1:] and newest.note is not None


def test_a_drawing_past_its_time_budget_is_a_503_and_the_next_is_drawn(fixture_url):
    hurried = make_app(fixture_url, CHART_RENDER_SECONDS=0.001, CHART_CACHE_SIZE=0)
    answer = hurried.test_client().get(f"{URL}.png?title=late")
    assert answer.status_code == 503
    assert answer.mimetype == "application/problem+json"
    assert int(answer.headers["Retry-After"]) > 0
    assert "longer than 0.001 s" in answer.get_json()["detail"]
    patient = make_app(fixture_url, CHART_CACHE_SIZE=0).test_client()
    assert patient.get(f"{URL}.png?title=in-time").status_code == 200


def test_when_every_drawing_slot_is_busy_charts_are_503_and_reads_go_on(fixture_url):
    app = make_app(fixture_url, CHART_RENDERS=1, CHART_CACHE_SIZE=0)
    client = app.test_client()
    other_worker = chart_limits(app).slots  # the same files, as another process sees them
    assert other_worker is not None
    with other_worker.held():
        busy = client.get(f"{URL}.svg?title=busy")
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert client.get("/v1/sources").status_code == 200
        assert client.get(f"/v1/series/{ALPHA}/observations.csv").status_code == 200
        assert client.get(f"{URL}.vl.json?title=busy").status_code == 200  # nothing to draw
    assert client.get(f"{URL}.svg?title=busy").status_code == 200


def test_a_failing_drawing_is_reported_and_the_drawer_lives_on():
    with pytest.raises(DrawingFailed):
        drawer().draw({"mark": "point"}, "gif", budget=30)
    svg = drawer().draw({"mark": "point", "data": {"values": [{"a": 1}]}}, "svg", budget=30)
    assert svg.startswith(b"<svg")
