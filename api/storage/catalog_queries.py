"""Reads of sources, series and documents at a revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api.storage.models import Document, Observation, Series, Source
from api.storage.visibility import alive_at

SOURCE_COLUMNS = ("id", "name", "kind", "homepage", "description", "names")
SERIES_COLUMNS = (
    "id",
    "country",
    "measure",
    "source_id",
    "kind",
    "unit",
    "title",
    "method_note",
    "licence",
    "titles",
)
DOCUMENT_COLUMNS = (
    "id",
    "url",
    "title",
    "publisher",
    "published_at",
    "retrieved_at",
    "archive_url",
    "language",
    "republished_by",
    "mirror",
)


_SOURCE_OF_SERIES = (
    Source.kind.label("source_kind"),
    Source.name.label("source_name"),
    Source.names.label("source_names"),
)


def sources_at(session: Session, revision: int, kind: str | None = None) -> list[dict[str, Any]]:
    """Sources alive at `revision`, by id."""
    query = _select(Source, SOURCE_COLUMNS).where(alive_at(Source, revision))
    if kind:
        query = query.where(Source.kind == kind)
    return _dicts(session, query.order_by(Source.id))


def source_at(session: Session, source_id: str, revision: int) -> dict[str, Any] | None:
    """One source at `revision`, or None."""
    query = _select(Source, SOURCE_COLUMNS).where(
        Source.id == source_id, alive_at(Source, revision)
    )
    rows = _dicts(session, query)
    return rows[0] if rows else None


def series_at(
    session: Session, revision: int, filters: dict[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """Series alive at `revision`, filtered by country, measure, source and source kind."""
    query = (
        _select(Series, SERIES_COLUMNS)
        .add_columns(*_SOURCE_OF_SERIES)
        .join(Source, (Source.id == Series.source_id) & alive_at(Source, revision))
        .where(alive_at(Series, revision))
    )
    filters = filters or {}
    for column, value in (
        (Series.country, filters.get("country")),
        (Series.measure, filters.get("measure")),
        (Series.source_id, filters.get("source")),
        (Source.kind, filters.get("source_kind")),
    ):
        if value:
            query = query.where(column == value)
    return _dicts(session, query.order_by(Series.id))


def one_series_at(session: Session, series_id: str, revision: int) -> dict[str, Any] | None:
    """One series at `revision`, or None."""
    query = (
        _select(Series, SERIES_COLUMNS)
        .add_columns(*_SOURCE_OF_SERIES)
        .join(Source, (Source.id == Series.source_id) & alive_at(Source, revision))
        .where(Series.id == series_id, alive_at(Series, revision))
    )
    rows = _dicts(session, query)
    return rows[0] if rows else None


def series_stats(
    session: Session, series_ids: list[str], revision: int
) -> dict[str, dict[str, Any]]:
    """Claim count and first and last date of each series at `revision`."""
    query = (
        select(
            Observation.series_id,
            func.count().label("claim_count"),
            func.min(Observation.date).label("first_date"),
            func.max(Observation.date).label("last_date"),
        )
        .where(Observation.series_id.in_(series_ids), alive_at(Observation, revision))
        .group_by(Observation.series_id)
    )
    return {row.series_id: dict(row._mapping) for row in session.execute(query)}


def documents_at(
    session: Session, revision: int, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Documents alive at `revision`, by id."""
    query = (
        _select(Document, DOCUMENT_COLUMNS)
        .where(alive_at(Document, revision))
        .order_by(Document.id)
        .offset(offset)
        .limit(limit)
    )
    return _dicts(session, query)


def document_at(session: Session, document_id: int, revision: int) -> dict[str, Any] | None:
    """One document at `revision`, or None."""
    query = _select(Document, DOCUMENT_COLUMNS).where(
        Document.id == document_id, alive_at(Document, revision)
    )
    rows = _dicts(session, query)
    return rows[0] if rows else None


def observation_ids_citing(session: Session, document_id: int, revision: int) -> list[int]:
    """Ids of the claims alive at `revision` that cite a document."""
    query = (
        select(Observation.id)
        .where(Observation.document_id == document_id, alive_at(Observation, revision))
        .order_by(Observation.id)
    )
    return list(session.scalars(query))


def _select(model: Any, columns: tuple[str, ...]) -> Select[Any]:
    return select(*(getattr(model, c) for c in columns))


def _dicts(session: Session, query: Select[Any]) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(query)]
