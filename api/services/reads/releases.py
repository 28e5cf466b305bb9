"""Release batch events with every source's claim about them, and their disagreement."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.domain.batches import judge_batch
from api.domain.records import Batch, Claim
from api.services.results import Page, page_of
from api.services.revisions import resolve_as_of
from api.storage import claim_queries, release_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database
from api.storage.revision_queries import as_utc, rule_at


def list_releases(
    db: Database, as_of: str | None, filters: dict[str, Any], offset: int, limit: int | None
) -> Page[Any]:
    """Batches at the revision, each with its claims; with `source`, only that source's.

    The batch-level judgement (claimed values, conflict, headline) is over every source,
    whatever `source` narrows the listed claims to.
    """
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        batches = judged_batches(session, revision, filters)
    source = filters.get("source")
    if source:
        for batch in batches:
            batch.claims = [c for c in batch.claims if c.source_id == source]
        batches = [b for b in batches if b.claims]
    end = None if limit is None else offset + limit + 1
    return page_of(revision, batches[offset:end], offset, limit)


def judged_batches(session: Session, revision: int, filters: dict[str, Any]) -> list[Batch]:
    """The batches at the revision with their claims, judged batch by batch."""
    batches = release_queries.releases_at(session, revision, filters)
    claims = claims_of(session, revision, batches)
    version = rule_at(session, revision)
    for batch in batches:
        batch.claims = claims.get(batch.release_id, [])
        judge_batch(batch, batch.claims, version)
    return batches


def claims_of(session: Session, revision: int, batches: list[Batch]) -> dict[str, list[Claim]]:
    """Every claim about the batches, by batch."""
    ids = tuple(b.release_id for b in batches)
    by_release: dict[str, list[Claim]] = {}
    for claim in claim_queries.current_claims(session, ClaimFilter(revision, release_ids=ids)):
        by_release.setdefault(str(claim.release_id), []).append(claim)
    return by_release


def recent_batches(db: Database, count: int = 50) -> Page[Any]:
    """The most recently recorded batches, each with a one-line summary of its claims."""
    with db.read() as session:
        revision = resolve_as_of(session, None)
        batches = release_queries.batches_by_recency(session, revision, count)
        ids = tuple(b["release_id"] for b in batches)
        claims = claim_queries.current_claims(session, ClaimFilter(revision, release_ids=ids))
        summary: dict[str, list[str]] = {}
        for claim in claims:
            summary.setdefault(str(claim.release_id), []).append(f"{claim.source_id} {claim.value}")
    for batch in batches:
        batch["recorded_at"] = as_utc(batch["recorded_at"])
        batch["claims"] = ", ".join(summary.get(batch["release_id"], [])) or "none yet"
    return Page(revision, batches)
