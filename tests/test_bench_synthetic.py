"""The benchmark suite's SYNTHETIC database, built fast, is what the RevisionWriter would write.

`make bench` bulk-inserts its 2,000,000-claim database (bench/suite_build.py) rather than
going through `RevisionWriter` claim by claim, and writes the corrections of the as_of
series (revisions 2 … N) as `RevisionWriter.correct_observation` would. Here the tiny
scale of the same plan is built both ways and must match row for row in every table
(corrections included: closed versions, new versions), and the bulk-built one must read
through the API as a versioned data set: the as_of series answers the same claims at the
oldest, a middle and the latest revision, each in the version alive then.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, create_engine, text

from api.storage.db import Database
from bench.suite_build import bulk_load, write_with_writer
from bench.suite_data import (
    AS_OF_SERIES,
    JSON_SERIES,
    LONG_SERIES,
    TINY,
    as_of_claim_id,
    bulk_series_ids,
)
from tests.conftest import DatabaseFactory, make_app

TABLES = {
    "revisions": "id",
    "revision_counter": "id",
    "sources": "pk",
    "series": "pk",
    "documents": "pk",
    "observations": "pk",
    "tags": "name",
    "aliases": "pk",
}


def _built(databases: DatabaseFactory, fast: bool) -> str:
    url = databases.migrated()
    database = Database(url)
    (bulk_load if fast else write_with_writer)(database, TINY)
    database.dispose()
    return url


def _tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {
            table: [tuple(row) for row in _rows(connection, table, key)]
            for table, key in TABLES.items()
        }
    engine.dispose()
    return found


def _rows(connection: Connection, table: str, key: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY {key}"))]


def test_bulk_load_writes_what_the_revision_writer_writes(databases: DatabaseFactory) -> None:
    fast, slow = _tables(_built(databases, True)), _tables(_built(databases, False))
    for table in TABLES:
        assert fast[table] == slow[table], table
    assert len(fast["revisions"]) == TINY.revisions
    assert fast["revision_counter"] == [(1, TINY.revisions)]


def test_the_as_of_history_is_corrections(databases: DatabaseFactory) -> None:
    """Revisions 2 … N each correct one as_of claim: the compared tables hold them."""
    engine = create_engine(_built(databases, False))
    with engine.connect() as connection:
        versions = connection.execute(
            text(
                "SELECT id, version, added_in, removed_in FROM observations "
                "WHERE series_id = :series ORDER BY pk"
            ),
            {"series": AS_OF_SERIES},
        ).all()
        total = connection.scalar(text("SELECT count(*) FROM observations"))
    engine.dispose()
    corrections = TINY.revisions - 1
    assert corrections > TINY.as_of_dates  # some claims are corrected more than once
    assert total == TINY.claims + corrections
    assert len(versions) == TINY.as_of_dates + corrections
    ids = [as_of_claim_id(TINY, day) for day in range(TINY.as_of_dates)]
    assert [row[0] for row in versions[: TINY.as_of_dates]] == ids
    for revision in range(2, TINY.revisions + 1):
        claim = ids[(revision - 2) % TINY.as_of_dates]
        new = versions[TINY.as_of_dates + revision - 2]
        assert (new[0], new[2]) == (claim, revision)
        old = [row for row in versions if row[0] == claim and row[1] == new[1] - 1]
        assert len(old) == 1 and old[0][3] == revision
    for revision in (1, TINY.middle_revision, TINY.revisions):
        alive = [
            row for row in versions if row[2] <= revision and (row[3] is None or row[3] > revision)
        ]
        assert sorted(row[0] for row in alive) == ids


def test_bulk_database_reads_through_the_api(databases: DatabaseFactory) -> None:
    client = make_app(_built(databases, True)).test_client()
    series = client.get("/v1/series").get_json()["data"]
    assert {s["id"] for s in series} == {
        JSON_SERIES,
        AS_OF_SERIES,
        LONG_SERIES,
        *bulk_series_ids(TINY),
    }
    assert {s["country"] for s in series} == {"XX"}
    assert client.get("/v1/revisions?limit=1").get_json()["data"][0]["id"] == TINY.revisions

    path = f"/v1/series/{AS_OF_SERIES}/observations"
    ids = [as_of_claim_id(TINY, day) for day in range(TINY.as_of_dates)]
    oldest = client.get(f"{path}?as_of=1&claims=all").get_json()
    middle = client.get(f"{path}?as_of={TINY.middle_revision}&claims=all").get_json()
    latest = client.get(f"{path}?claims=all&limit=10000").get_json()
    assert (oldest["revision"], middle["revision"]) == (1, TINY.middle_revision)
    for answer in (oldest, middle, latest):
        assert [row["observation_id"] for row in answer["data"]] == ids
    assert {row["revision"] for row in oldest["data"]} == {1}
    # the version alive at r is the one of the last correction of its date at or before r
    last = TINY.middle_revision
    assert {row["revision"] for row in middle["data"]} == set(range(last - len(ids) + 1, last + 1))
    last = TINY.revisions
    assert {row["revision"] for row in latest["data"]} == set(range(last - len(ids) + 1, last + 1))
    assert [row["value"] for row in oldest["data"]] != [row["value"] for row in latest["data"]]
    history = client.get(f"/v1/observations/{ids[0]}/history").get_json()["data"]
    corrected = range(2, TINY.revisions + 1, TINY.as_of_dates)
    assert [row["added_in"] for row in history] == [1, *corrected]
    assert [row["version"] for row in history] == list(range(1, len(corrected) + 2))
    preferred = client.get(path).get_json()["data"]
    assert len(preferred) == TINY.as_of_dates
    assert all(row["quote"].startswith("SYNTHETIC") for row in latest["data"])
    assert all(row["document_url"].startswith("https://synthetic.invalid/") for row in preferred)

    page = client.get(f"/v1/series/{JSON_SERIES}/observations").get_json()
    assert len(page["data"]) == TINY.json_points
