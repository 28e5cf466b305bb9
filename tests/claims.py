"""Claim records made by hand for tests of the rule, the renderers and the time series."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

from api.domain.records import Claim

_IDS = itertools.count(1)
BASE = Claim(
    observation_id=0,
    series_id="XX.political_prisoners.alpha",
    date=dt.date(2024, 1, 31),
    date_precision="day",
    period_start=None,
    value=100,
    qualifier="exact",
    status="reported",
    source_id="alpha",
    primary=False,
    reported_by="Daily Test",
    publisher="Daily Test",
    document_url="https://news.test/a",
    document_title=None,
    published_at=None,
    quote="Alpha counted 100.",
    note=None,
    release_id=None,
    document_id=1,
    version=1,
    revision=1,
)


def make_claim(**fields: Any) -> Claim:
    """A claim with sensible defaults and a fresh id unless one is given."""
    fields.setdefault("observation_id", next(_IDS))
    return dataclasses.replace(BASE, **fields)
