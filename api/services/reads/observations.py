"""Claims of a series, and one claim with its version history."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.errors import Gone, NotFound
from api.services.results import Item, Page
from api.services.revisions import resolve_as_of
from api.storage import claim_queries, observation_queries, revision_queries
from api.storage.db import Database
from api.storage.revision_queries import as_utc


def get_observation(db: Database, observation_id: int, as_of: str | None) -> Item[Any]:
    """One claim at a revision, with its full provenance and every stored version."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        claim = claim_queries.claim_at(session, observation_id, revision)
        versions = _versions_at(session, observation_id, revision)
        if claim is None and versions:
            raise _retracted(observation_id, versions[-1]["removed_in"], session)
        if claim is None:
            raise NotFound(f"observation {observation_id} does not exist at revision {revision}")
        return Item(revision, {**claim.as_dict(), "versions": versions})


def observation_history(db: Database, observation_id: int, as_of: str | None) -> Page[Any]:
    """Every version of a claim known at the revision, retracted ones included."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        versions = _versions_at(session, observation_id, revision)
        if not versions:
            raise NotFound(f"observation {observation_id} does not exist at revision {revision}")
        return Page(revision, versions)


def _versions_at(session: Session, observation_id: int, revision: int) -> list[dict[str, Any]]:
    """The versions recorded up to `revision`, as they stood then."""
    history = observation_queries.observation_versions(session, observation_id)
    visible = [v for v in history if v["added_in"] <= revision]
    for version in visible:
        version["created_at"] = as_utc(version["created_at"])
        if version["removed_in"] is not None and version["removed_in"] > revision:
            version["removed_in"] = None  # not yet removed at the asked revision
    return visible


def _retracted(observation_id: int, revision_id: int, session: Session) -> Gone:
    """A tombstone: who retracted the claim, when and why; its history stays readable."""
    revision = revision_queries.revision_row(session, revision_id) or {}
    return Gone(
        f"observation {observation_id} was retracted in revision {revision_id} by "
        f"{revision.get('author')}: {revision.get('message')}. Its versions are at "
        f"/v1/observations/{observation_id}/history",
        {"retracted_in": [str(revision_id)]},
    )
