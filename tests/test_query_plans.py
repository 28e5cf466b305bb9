"""The main reads are index-backed: PostgreSQL's plans on 100,000 synthetic claims.

Marked `slow` and PostgreSQL-only: it loads 100,000 made-up claims (50 series x 2,000, their
note says synthetic) through one revision, adds a second revision, runs ANALYZE, and checks
that neither one series' claims nor the change feed since a recent revision scan the whole
observations table.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, text

from api.storage.change_queries import changes_query
from api.storage.claim_queries import ClaimFilter, current_query
from api.storage.db import Database
from api.storage.models import Document, Observation, Revision, Series, Source

pytestmark = pytest.mark.slow
SERIES, PER_SERIES = 50, 2_000


def load_synthetic(database: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    with database.engine.begin() as connection:
        for revision in (1, 2):
            connection.execute(
                insert(Revision),
                [{"id": revision, "created_at": now, "author": "tests", "message": "synthetic"}],
            )
        common = {"added_in": 1}
        connection.execute(
            insert(Source), [{"id": "synthetic", "name": "Synthetic", "kind": "press", **common}]
        )
        connection.execute(
            insert(Series),
            [
                {
                    "id": f"ZZ.m{n}.synthetic",
                    "country": "ZZ",
                    "measure": f"m{n}",
                    "source_id": "synthetic",
                    "kind": "stock",
                    "unit": "persons",
                    "title": "Synthetic",
                    **common,
                }
                for n in range(SERIES)
            ],
        )
        connection.execute(
            insert(Document), [{"id": 1, "url": "https://synthetic.test/", **common}]
        )
        rows = [
            {
                "id": s * PER_SERIES + d + 1,
                "version": 1,
                "series_id": f"ZZ.m{s}.synthetic",
                "date": dt.date(1900, 1, 1) + dt.timedelta(days=d),
                "date_precision": "day",
                "value": d,
                "qualifier": "exact",
                "status": "reported",
                "is_primary": True,
                "document_id": 1,
                "quote": str(d),
                "note": "synthetic",
                "added_in": 1,
            }
            for s in range(SERIES)
            for d in range(PER_SERIES)
        ]
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(Observation), rows[start : start + 10_000])
        connection.execute(text("ANALYZE"))


def plan(database: Database, query) -> str:
    compiled = query.compile(database.engine, compile_kwargs={"literal_binds": True})
    with database.engine.connect() as connection:
        return "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {compiled}")))


def test_main_reads_use_indexes_not_a_scan_of_every_claim(databases):
    if databases.engine != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the engine for large deployments")
    database = Database(databases.migrated())
    load_synthetic(database)
    one_series = current_query(ClaimFilter(2, ("ZZ.m7.synthetic",)))
    assert "Seq Scan on observations" not in plan(database, one_series)
    assert "Seq Scan on observations" not in plan(database, changes_query(1, 2))
    database.dispose()
