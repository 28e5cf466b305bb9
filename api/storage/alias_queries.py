"""Old ids of renamed sources and series: which current id an old one leads to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.models import Alias, Series, Source
from api.storage.visibility import alive_at

ALIASED: dict[str, Any] = {"source": Source, "series": Series}
MAX_HOPS = 20  # a chain of renames longer than this is a loop or a mistake


def renamed_to(session: Session, kind: str, old_id: str, revision: int) -> str | None:
    """The id alive at `revision` that `old_id` was renamed to (following renames), or None."""
    current = old_id
    for _ in range(MAX_HOPS):
        if current != old_id and _is_alive(session, kind, current, revision):
            return current
        step = _latest_rename(session, kind, current, revision)
        if step is None:
            return None
        current = step
    return None


def _latest_rename(session: Session, kind: str, old_id: str, revision: int) -> str | None:
    query = (
        select(Alias.new_id)
        .where(Alias.kind == kind, Alias.old_id == old_id, Alias.revision_id <= revision)
        .order_by(Alias.revision_id.desc(), Alias.pk.desc())
        .limit(1)
    )
    return session.scalar(query)


def _is_alive(session: Session, kind: str, stable_id: str, revision: int) -> bool:
    model = ALIASED[kind]
    query = select(func.count()).where(model.id == stable_id, alive_at(model, revision))
    return bool(session.scalar(query))


def aliases_at(session: Session, revision: int) -> list[dict[str, Any]]:
    """Every rename up to `revision`, oldest first (for the data package)."""
    query = (
        select(Alias.kind, Alias.old_id, Alias.new_id, Alias.revision_id)
        .where(Alias.revision_id <= revision)
        .order_by(Alias.revision_id, Alias.pk)
    )
    return [dict(row._mapping) for row in session.execute(query)]
