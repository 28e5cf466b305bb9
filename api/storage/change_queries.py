"""What changed between two revisions: every insert, correction and retraction.

A change is one stored version entering or leaving the data set. A version whose revision
also closed an earlier version of the same id is a *correction*; a version added without
one is an *insert*; a version closed without a successor is a *retraction*. Mirrors apply
the feed in order (revision, then kind, then id) to stay in sync.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, cast, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from api.storage.models import Document, Observation, ReleaseBatch, Revision, Series, Source

# Stored column names that the API spells as in the rest of its answers.
RENAMED = {"is_primary": "primary"}
KINDS: dict[str, Any] = {
    "source": Source,
    "series": Series,
    "document": Document,
    "release": ReleaseBatch,
    "observation": Observation,
}


def changes_between(
    session: Session, since: int, until: int, offset: int, limit: int | None
) -> list[dict[str, Any]]:
    """Changes with since < revision <= until, in the order a mirror applies them."""
    query = changes_query(since, until).offset(offset).limit(limit)
    rows = [dict(row._mapping) for row in session.execute(query)]
    versions = _versions(session, rows)
    return [_change(row, versions.get((row["kind"], row["pk"]))) for row in rows]


def changes_query(since: int, until: int) -> Select[Any]:
    """The feed's query: every version that entered or left between the two revisions."""
    parts = []
    for kind, model in KINDS.items():
        parts += [_entered(kind, model, since, until), _left(kind, model, since, until)]
    feed = union_all(*parts).subquery()
    return (
        select(feed, Revision.created_at, Revision.author, Revision.message)
        .join(Revision, Revision.id == feed.c.revision)
        .order_by(feed.c.revision, feed.c.kind, feed.c.id_text, feed.c.pk)
    )


def _entered(kind: str, model: Any, since: int, until: int) -> Any:
    earlier = aliased(model)
    closed = (
        select(earlier.pk)
        .where(earlier.id == model.id, earlier.removed_in == model.added_in)
        .exists()
    )
    return select(
        literal(kind).label("kind"),
        _id_text(model),
        model.pk.label("pk"),
        model.added_in.label("revision"),
        _action(closed, "corrected", "added").label("action"),
    ).where(and_(model.added_in > since, model.added_in <= until))


def _left(kind: str, model: Any, since: int, until: int) -> Any:
    later = aliased(model)
    replaced = (
        select(later.pk).where(later.id == model.id, later.added_in == model.removed_in).exists()
    )
    return select(
        literal(kind).label("kind"),
        _id_text(model),
        model.pk.label("pk"),
        model.removed_in.label("revision"),
        literal("retracted").label("action"),
    ).where(model.removed_in > since, model.removed_in <= until, ~replaced)


def _id_text(model: Any) -> Any:
    return cast(model.id, String).label("id_text")


def _action(condition: Any, yes: str, no: str) -> Any:
    return case((condition, literal(yes)), else_=literal(no))


def _versions(session: Session, rows: list[dict[str, Any]]) -> dict[tuple[str, int], Any]:
    """The stored versions behind a page of changes, one query per kind."""
    found: dict[tuple[str, int], Any] = {}
    for kind, model in KINDS.items():
        pks = [row["pk"] for row in rows if row["kind"] == kind]
        if pks:
            for version in session.scalars(select(model).where(model.pk.in_(pks))):
                found[(kind, version.pk)] = version
    return found


def _change(row: dict[str, Any], version: Any) -> dict[str, Any]:
    change = {
        "revision": row["revision"],
        "created_at": row["created_at"],
        "author": row["author"],
        "message": row["message"],
        "kind": row["kind"],
        "id": row["id_text"],
        "action": row["action"],
    }
    if row["action"] != "retracted":
        skip = {"pk", "added_in", "removed_in"}
        columns = version.__table__.columns
        data = {
            RENAMED.get(c.key, c.key): getattr(version, c.key) for c in columns if c.key not in skip
        }
        change["data"] = data
    return change
