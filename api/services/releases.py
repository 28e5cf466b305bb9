"""Release batch events with every source's claim about them."""

from __future__ import annotations

from typing import Any

from api.services.results import Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import observation_queries as q
from api.storage.db import Database
from api.storage.observation_queries import ClaimFilter


def list_releases(
    db: Database, as_of: str | None, filters: dict[str, Any], offset: int, limit: int | None
) -> Page:
    """Batches at the revision, each with its claims; with `source`, only that source's."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        batches = q.releases_at(session, revision, filters)
        ids = tuple(b["release_id"] for b in batches)
        claims = q.claims_page(
            session,
            ClaimFilter(revision, release_ids=ids, source_id=filters.get("source")),
            preferred_only=False,
            offset=0,
            limit=None,
        )
    by_release: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        by_release.setdefault(claim["release_id"], []).append(claim)
    rows = [{**b, "claims": by_release.get(b["release_id"], [])} for b in batches]
    if filters.get("source"):
        rows = [row for row in rows if row["claims"]]
    end = None if limit is None else offset + limit + 1
    return page_of(revision, rows[offset:end], offset, limit)
