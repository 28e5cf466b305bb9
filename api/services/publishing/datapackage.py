"""The whole data set at a revision, table by table, for a Frictionless Data Package.

The small tables are read at once; the claims are streamed from a server-side cursor while
the package is written, so the package of a large store never sits in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from api.domain.records import Claim, PackageData
from api.services.revisions import resolve_as_of
from api.storage import alias_queries, catalog_queries, claim_queries, package_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database
from api.storage.release_queries import releases_at
from api.storage.revision_queries import NO_REVISION_TIME


def package_data(db: Database, as_of: str | None) -> PackageData:
    """Every table at the revision; the claims are read when iterated."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        revisions = package_queries.revisions_up_to(session, revision)
        tables: dict[str, Sequence[Any]] = {
            "sources": catalog_queries.sources_at(session, revision),
            "series": catalog_queries.series_at(session, revision),
            "documents": catalog_queries.documents_at(session, revision),
            "releases": releases_at(session, revision, {}),
            "revisions": revisions,
            "renames": alias_queries.aliases_at(session, revision),
        }
    last = revisions[-1] if revisions else None
    created = last["created_at"] if last else NO_REVISION_TIME
    tags = last["tags"].split() if last else []
    claims = _claims(db, revision)
    return PackageData(revision, _aware(created), tags, tables, claims)


def _claims(db: Database, revision: int) -> Iterator[Claim]:
    with db.read() as session:
        yield from claim_queries.current_claims(session, ClaimFilter(revision))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
