"""The streamed CSV writer writes exactly what the whole-document writer writes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from api.domain.columns import OBSERVATIONS_CSV
from api.domain.records import Claim
from api.render import csv_stream
from api.render.csv import render_csv

CLAIM = Claim(
    observation_id=7,
    series_id="XX.s",
    date=dt.date(2024, 1, 31),
    date_precision="day",
    period_start=None,
    value=-3,
    qualifier="exact",
    status="reported",
    source_id="x",
    primary=True,
    reported_by="@someone",
    publisher="'=quoted",
    document_url="https://x.test/a,b",
    document_title="-minus",
    published_at=None,
    quote='+1 said "so"\nand more',
    note="plain",
    release_id=None,
    document_id=3,
    version=1,
    revision=1,
    part="=taken",
    counted="sum",
    conflict=True,
    conflict_with=(8, 9),
    retrieved_at=dt.date(2026, 12, 1),
    archive_url="=https://copy.test/a",
    republished_by="copy.test",
    mirror=False,
)


def test_streamed_rows_equal_the_whole_document():
    claims = [dataclasses.replace(CLAIM, observation_id=i) for i in (7, 8, 9)]
    claims[1].mirror = None  # an unknown is an empty cell in both writers
    chunks = list(csv_stream.csv_chunks(claims, OBSERVATIONS_CSV, rows_per_chunk=2))
    assert len(chunks) == 2
    whole = render_csv(claims, OBSERVATIONS_CSV)
    assert "".join(chunks) == whole
    assert ",'=taken,sum," in whole and ",8 9," in whole
    assert whole.count(",2026-12-01,'=https://copy.test/a,copy.test,false\r\n") == 2
    assert whole.count(",2026-12-01,'=https://copy.test/a,copy.test,\r\n") == 1
