"""The benchmark suite's SYNTHETIC database, built fast, is what the RevisionWriter would write.

`make bench` bulk-inserts its 2,000,000-claim database (bench/suite_build.py) rather than
going through `RevisionWriter` claim by claim. Here the tiny scale of the same plan is
built both ways and must match row for row in every table, and the bulk-built one must
read through the API as a versioned data set (as_of at the oldest and the latest revision).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, create_engine, text

from api.storage.db import Database
from bench.suite_build import bulk_load, write_with_writer
from bench.suite_data import AS_OF_SERIES, JSON_SERIES, LONG_SERIES, TINY, bulk_series_ids
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
    oldest = client.get(f"{path}?as_of=1&claims=all").get_json()
    latest = client.get(f"{path}?claims=all&limit=10000").get_json()
    assert (oldest["revision"], len(oldest["data"])) == (1, TINY.as_of_dates)
    assert len(latest["data"]) == TINY.as_of_dates + TINY.revisions - 1
    assert {row["revision"] for row in latest["data"]} == set(range(1, TINY.revisions + 1))
    preferred = client.get(path).get_json()["data"]
    assert len(preferred) == TINY.as_of_dates
    assert all(row["quote"].startswith("SYNTHETIC") for row in latest["data"])
    assert all(row["document_url"].startswith("https://synthetic.invalid/") for row in preferred)

    page = client.get(f"/v1/series/{JSON_SERIES}/observations").get_json()
    assert len(page["data"]) == TINY.json_points
