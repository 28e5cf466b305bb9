"""Old ids of renamed sources and series, and the current ids they lead to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.errors import ApiError, InvalidArgument, Renamed
from api.services.revisions import resolve_as_of
from api.storage import alias_queries
from api.storage.db import Database


def renamed_to(db: Database, kind: str, old_id: str, as_of: str | None) -> tuple[int, str] | None:
    """(revision, current id) when `old_id` was renamed by the asked revision, else None."""
    with db.read() as session:
        try:
            revision = resolve_as_of(session, as_of)
        except ApiError:
            return None
        new_id = alias_queries.renamed_to(session, kind, old_id, revision)
    return None if new_id is None else (revision, new_id)


def refuse_unknown_series(session: Session, unknown: list[str], revision: int) -> None:
    """Redirect when every unknown series id was renamed; otherwise a 400 naming `series`."""
    renames = {old: alias_queries.renamed_to(session, "series", old, revision) for old in unknown}
    missing = [old for old, new in renames.items() if new is None]
    if missing:
        detail = f"unknown series at revision {revision}: {', '.join(missing)}"
        raise InvalidArgument(detail, errors={"series": [detail]})
    raise Renamed("series", {old: str(new) for old, new in renames.items()}, revision)
