"""Sources, series and documents at a revision."""

from __future__ import annotations

from typing import Any

from api.domain.records import Claim
from api.errors import NotFound
from api.services.reads.languages import Localiser
from api.services.results import Item, Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries as q
from api.storage import claim_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database


def list_sources(
    db: Database, as_of: str | None, kind: str | None, words: Localiser | None = None
) -> Page[Any]:
    """Every source at the revision, optionally of one kind, named in the chosen languages."""
    words = words or Localiser()
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        return Page(revision, [words.source(s) for s in q.sources_at(session, revision, kind)])


def get_source(
    db: Database, source_id: str, as_of: str | None, words: Localiser | None = None
) -> Item[Any]:
    """One source with the ids of its series."""
    words = words or Localiser()
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        source = q.source_at(session, source_id, revision)
        if source is None:
            raise NotFound(f"source {source_id!r} does not exist at revision {revision}")
        series = q.series_at(session, revision, {"source": source_id})
        return Item(revision, {**words.source(source), "series": [s["id"] for s in series]})


def list_series(
    db: Database,
    as_of: str | None,
    filters: dict[str, str | None],
    words: Localiser | None = None,
) -> Page[Any]:
    """Series at the revision matching the filters, each with its claim count and dates."""
    words = words or Localiser()
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        series = q.series_at(session, revision, filters)
        stats = q.series_stats(session, [s["id"] for s in series], revision)
        return Page(revision, [words.series(_with_stats(s, stats.get(s["id"]))) for s in series])


def get_series(
    db: Database, series_id: str, as_of: str | None, words: Localiser | None = None
) -> Item[Any]:
    """One series with its statistics and its latest preferred claim."""
    words = words or Localiser()
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        series = q.one_series_at(session, series_id, revision)
        if series is None:
            raise NotFound(f"series {series_id!r} does not exist at revision {revision}")
        stats = q.series_stats(session, [series_id], revision).get(series_id)
        latest = _latest_preferred(session, series_id, revision, stats)
        return Item(revision, {**words.series(_with_stats(series, stats)), "latest": latest})


def list_documents(db: Database, as_of: str | None, offset: int, limit: int) -> Page[Any]:
    """Documents at the revision, one page."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        rows = q.documents_at(session, revision, offset, limit + 1)
        return page_of(revision, rows, offset, limit)


def get_document(db: Database, document_id: int, as_of: str | None) -> Item[Any]:
    """One document with the ids of the claims that cite it."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        document = q.document_at(session, document_id, revision)
        if document is None:
            raise NotFound(f"document {document_id} does not exist at revision {revision}")
        cited = q.observation_ids_citing(session, document_id, revision)
        return Item(revision, {**document, "observation_ids": cited})


def _with_stats(series: dict[str, Any], stats: dict[str, Any] | None) -> dict[str, Any]:
    stats = stats or {}
    return {
        **series,
        "claim_count": stats.get("claim_count", 0),
        "first_date": stats.get("first_date"),
        "last_date": stats.get("last_date"),
    }


def _latest_preferred(
    session: Any, series_id: str, revision: int, stats: dict[str, Any] | None
) -> Claim | None:
    if not stats:
        return None
    claims = ClaimFilter(revision, (series_id,), start=stats["last_date"])
    rows = claim_queries.page(claim_queries.current_claims(session, claims), True, 0, None)
    return rows[-1] if rows else None
