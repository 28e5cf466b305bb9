"""Release batch events with every source's claim about them."""

from __future__ import annotations

from typing import Any

from api.services.results import Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import observation_queries as q
from api.storage.db import Database
from api.storage.observation_queries import ClaimFilter
from api.storage.revision_queries import as_utc


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


def recent_batches(db: Database, count: int = 50) -> Page:
    """The most recently recorded batches, each with a one-line summary of its claims."""
    with db.read() as session:
        revision = resolve_as_of(session, None)
        batches = q.batches_by_recency(session, revision, count)
        ids = tuple(b["release_id"] for b in batches)
        claims = q.claims_page(
            session, ClaimFilter(revision, release_ids=ids), False, offset=0, limit=None
        )
    summary: dict[str, list[str]] = {}
    for claim in claims:
        summary.setdefault(claim["release_id"], []).append(f"{claim['source_id']} {claim['value']}")
    for batch in batches:
        batch["recorded_at"] = as_utc(batch["recorded_at"])
        batch["claims"] = ", ".join(summary.get(batch["release_id"], [])) or "none yet"
    return Page(revision, batches)
