"""The streamed CSV writer writes exactly what the whole-document writer writes."""

from __future__ import annotations

import datetime as dt

from api.render import csv_stream
from api.render.csv import OBSERVATION_COLUMNS, render_csv

ROW = {
    "series_id": "XX.s",
    "date": dt.date(2024, 1, 31),
    "date_precision": "day",
    "value": -3,
    "qualifier": "exact",
    "status": "reported",
    "source_id": "x",
    "reported_by": "@someone",
    "publisher": "'=quoted",
    "document_url": "https://x.test/a,b",
    "published_at": None,
    "quote": '+1 said "so"\nand more',
    "observation_id": 7,
    "revision": 1,
    "period_start": None,
    "primary": True,
    "preferred": False,
    "conflict": True,
    "release_id": None,
    "document_id": 3,
    "document_title": "-minus",
    "note": "plain",
}


def test_streamed_rows_equal_the_whole_document():
    rows = [ROW, {**ROW, "observation_id": 8}, {**ROW, "observation_id": 9}]
    tuples = [tuple(row[c] for c in OBSERVATION_COLUMNS) for row in rows]
    chunks = list(csv_stream.csv_chunks(tuples, OBSERVATION_COLUMNS, rows_per_chunk=2))
    assert len(chunks) == 2
    assert "".join(chunks) == render_csv(rows, OBSERVATION_COLUMNS)
