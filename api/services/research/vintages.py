"""The vintages of a series: the revisions (and tags) at which it or its claims changed."""

from __future__ import annotations

from typing import Any

from api.services.research.series_data import series_at
from api.services.results import Page
from api.services.revisions import resolve_as_of
from api.storage import vintage_queries
from api.storage.db import Database


def series_vintages(db: Database, series_id: str, as_of: str | None) -> Page[Any]:
    """Every revision up to the asked one that added, corrected or removed the series' data."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        series_at(session, series_id, revision)
        rows = vintage_queries.series_vintages(session, series_id, revision)
    return Page(revision, rows)
