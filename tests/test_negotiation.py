"""CSV by `format=csv`, by a `.csv` path and by `Accept: text/csv`; streaming; Link headers."""

from __future__ import annotations

import subprocess
import sys

import pytest

SERIES = "XX.political_prisoners.alpha"
URL = f"/v1/series/{SERIES}/observations"


def first_line(response) -> str:
    return response.get_data(as_text=True).split("\r\n")[0]


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        (URL, {"format": "csv"}, {}),
        (URL + ".csv", {}, {}),
        (URL, {}, {"Accept": "text/csv"}),
        (URL, {"format": "csv"}, {"Accept": "application/json"}),
        (URL, {}, {"Accept": "text/csv;q=1, application/json;q=0.5"}),
    ],
)
def test_three_ways_to_ask_for_csv(client, path, query, headers):
    response = client.get(path, query_string=query, headers=headers)
    assert response.mimetype == "text/csv"
    assert first_line(response).startswith("series_id,date,date_precision,value")
    assert "Accept" in response.headers["Vary"]
    assert response.headers["X-Dataset-Revision"] == "2"


@pytest.mark.parametrize(
    "headers", [{}, {"Accept": "*/*"}, {"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"}]
)
def test_json_by_default(client, headers):
    response = client.get(URL, headers=headers)
    assert response.mimetype == "application/json"


def test_a_csv_path_refuses_format_json(client):
    response = client.get(URL + ".csv?format=json")
    assert response.status_code == 400
    assert "format" in response.json["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/releases.csv",
        "/v1/releases/summary.csv",
        "/v1/compare.csv?series=XX.political_prisoners.alpha",
        f"/v1/series/{SERIES}/vintages.csv",
    ],
)
def test_every_table_has_a_csv_path(client, path):
    response = client.get(path)
    assert (response.status_code, response.mimetype) == (200, "text/csv")


def test_an_unpaged_csv_is_streamed_and_a_page_is_not(client):
    streamed = client.get(URL + ".csv?claims=all")
    assert "Content-Length" not in streamed.headers  # written while it is read
    assert streamed.get_data(as_text=True).count("\r\n") == 1 + 6
    paged = client.get(URL + ".csv?claims=all&limit=2")
    assert int(paged.headers["Content-Length"]) == len(paged.get_data())
    assert paged.headers["Link"] == (
        f'<http://localhost{URL}.csv?claims=all&limit=2&offset=2&as_of=2>; rel="next"'
    )


def test_resampled_pages_link_to_the_next_page(client):
    response = client.get(URL, query_string={"frequency": "M", "limit": 2})
    body = response.json
    assert [r["period"] for r in body["data"]] == ["2024-01", "2024-02"]
    assert response.headers["Link"] == f'<{body["next"]}>; rel="next"'
    assert [r["period"] for r in client.get(body["next"]).json["data"]] == ["2024-03"]


@pytest.mark.slow
def test_a_worker_that_never_resamples_never_loads_pandas(fixture_url):
    script = (
        "import sys\n"
        "from api import create_app\n"
        f"app = create_app({{'TESTING': True, 'DATABASE_URL': {fixture_url!r}}})\n"
        "client = app.test_client()\n"
        f"assert client.get('{URL}.csv?claims=all').status_code == 200\n"
        "assert client.get('/v1/export/datapackage.zip').status_code == 200\n"
        "assert client.get('/v1/releases/summary').status_code == 200\n"
        "print('pandas' in sys.modules)\n"
        f"assert client.get('{URL}?frequency=M').status_code == 200\n"
        "print('pandas' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
