"""A citation of the data set (or of one series in it) pinned to one revision."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from api.domain.records import Citation, DatasetInfo
from api.services.reads.aliases import refuse_unknown_series
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, revision_queries
from api.storage.db import Database


def citation(
    db: Database, series_id: str | None, as_of: str | None, base_url: str, info: DatasetInfo
) -> Citation:
    """The citation of the series (or of the whole data set) at the asked revision."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        row = revision_queries.revision_row(session, revision)
        series = catalog_queries.one_series_at(session, series_id, revision) if series_id else None
        if series_id and series is None:
            refuse_unknown_series(session, [series_id], revision)
    tags = row["tags"] if row else []
    issued = (row["created_at"] if row else revision_queries.NO_REVISION_TIME).date()
    version = f"revision {revision}" + (f", tag {', '.join(tags)}" if tags else "")
    path, key_part, title, note = _subject(series, revision, info)
    return Citation(
        key=_key(f"prisoner_counts_{key_part}_r{revision}"),
        title=title,
        author=info.author,
        publisher=info.publisher,
        issued=issued,
        version=version,
        url=base_url.rstrip("/") + path,
        note=f"{note} Data licence: {info.licence}.",
        revision=revision,
    )


def _subject(
    series: dict[str, Any] | None, revision: int, info: DatasetInfo
) -> tuple[str, str, str, str]:
    """(path that reproduces it, key part, title, note) of a series or the whole data set."""
    if series is None:
        path = f"/v1/export/datapackage.zip?as_of={revision}"
        return path, "dataset", info.title, "The whole data set as a Frictionless Data Package."
    path = f"/v1/series/{quote(series['id'])}/observations.csv?as_of={revision}"
    note = f"Counted by {series['source_name']}; one claim per date with its provenance."
    return path, series["id"], series["title"], note


def _key(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
