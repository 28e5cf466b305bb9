"""`view=first_release` and /v1/series/{id}/vintages, after corrections and a retraction."""

from __future__ import annotations

import csv
import io

import pytest

from api.storage.writer import RevisionWriter
from tests.conftest import database_of

SERIES = "XX.political_prisoners.alpha"
OBS = f"/v1/series/{SERIES}/observations"


def write(app, message: str, action) -> int:
    with database_of(app).write() as session:
        writer = RevisionWriter(session, "tester", message)
        action(writer)
        return writer.revision


@pytest.fixture()
def revised(loaded_app):
    """The fixtures (revisions 1-2), February corrected (3), January's primary retracted (4)."""
    write(loaded_app, "February was 121", lambda w: w.correct_observation(3, value=121))
    write(loaded_app, "retract Alpha's January review", lambda w: w.retract_observation(1))
    return loaded_app.test_client()


def claims(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        (r["date"], r["value"], r["observation_id"], r["revision"]) for r in response.json["data"]
    ]


def test_current_view_shows_the_corrections(revised):
    assert claims(revised.get(OBS)) == [
        ("2024-01-01", 90, 7, 1),
        ("2024-01-31", 100, 2, 1),
        ("2024-02-29", 121, 3, 3),
        ("2024-03-31", 130, 8, 2),
    ]


def test_first_release_shows_each_date_as_first_published(revised):
    response = revised.get(OBS, query_string={"view": "first_release"})
    assert claims(response) == [
        ("2024-01-01", 90, 7, 1),
        ("2024-01-31", 100, 1, 1),
        ("2024-02-29", 120, 3, 1),
        ("2024-03-31", 130, 8, 2),
    ]
    assert response.json["view"] == "first_release"
    every = revised.get(OBS, query_string={"view": "first_release", "claims": "all"})
    assert [c[1:3] for c in claims(every) if c[0] == "2024-02-29"] == [(120, 3), (125, 4)]


def test_first_release_resampled(revised):
    query = {"view": "first_release", "frequency": "M", "transform": "diff"}
    body = revised.get(OBS, query_string=query).json
    assert [(r["period"], r["value"]) for r in body["data"]] == [
        ("2024-01", None),
        ("2024-02", 20),
        ("2024-03", 10),
    ]


def test_first_release_as_of_an_earlier_revision(revised):
    response = revised.get(OBS + ".csv", query_string={"view": "first_release", "as_of": "1"})
    lines = response.get_data(as_text=True).splitlines()
    assert [line.split(",")[1:4] for line in lines[1:]] == [
        ["2024-01-01", "year", "90"],
        ["2024-01-31", "day", "100"],
        ["2024-02-29", "day", "120"],
    ]


def test_vintages_list_every_revision_that_changed_the_series(revised):
    body = revised.get(f"/v1/series/{SERIES}/vintages").json
    assert body["revision"] == 4
    assert [
        (
            v["revision"],
            v["tags"],
            v["claims_added"],
            v["claims_corrected"],
            v["claims_removed"],
            v["series_changed"],
        )
        for v in body["data"]
    ] == [
        (1, ["fixture.1"], 5, 0, 0, True),
        (2, [], 1, 0, 0, False),
        (3, [], 0, 1, 0, False),
        (4, [], 0, 0, 1, False),
    ]
    assert body["data"][2]["message"] == "February was 121"
    earlier = revised.get(f"/v1/series/{SERIES}/vintages?as_of=2").json["data"]
    assert [v["revision"] for v in earlier] == [1, 2]


def test_vintages_of_an_unknown_series_are_404(client):
    assert client.get("/v1/series/XX.nothing.here/vintages").status_code == 404


def test_the_shipped_viasna_series_has_two_vintages_and_first_release_is_current(shipped_client):
    series = "/v1/series/BY.political_prisoners.viasna"
    vintages = shipped_client.get(f"{series}/vintages").json["data"]
    # 0001-initial holds 69 rows of BY.political_prisoners.viasna, 0002-gap-fill 25 more;
    # later changesets add or correct some. First release shows each date as first shown.
    assert [(v["revision"], v["tags"], v["claims_added"]) for v in vintages[:2]] == [
        (1, ["2025.12"], 69),
        (2, ["2026.11"], 25),
    ]
    current = shipped_client.get(f"{series}/observations.csv?as_of=2026.11").get_data()
    first = shipped_client.get(f"{series}/observations.csv?view=first_release&as_of=2026.11")
    first = first.get_data()
    # The same claims and values; only the step that chose a claim may differ, where a later
    # revision added a claim of the same value to a date (preferred_by: only_claim, then
    # latest_published).
    assert _without(first, "preferred_by") == _without(current, "preferred_by")


def _without(body: bytes, column: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    return [{k: v for k, v in row.items() if k != column} for row in rows]
