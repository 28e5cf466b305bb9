"""Renaming a source or a series: a new version under the new id, the old id an alias.

Claims move with their series (a new version of each), and the old id answers with a
redirect from the renaming revision on (`api.http.middleware.aliases`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api.domain.vocabulary import series_key
from api.errors import InvalidArgument, NotFound
from api.storage.models import Alias, Observation, Series, Source
from api.storage.visibility import alive_at
from api.storage.writer import OBSERVATION_FIELDS, RevisionWriter, series_key_parts


def rename_series(writer: RevisionWriter, old_id: str, new_id: str) -> None:
    """Give a series a new id: its claims move with it, the old id becomes an alias."""
    _require_present(writer, Series, old_id, "series")
    writer.require_absent(Series, new_id)
    country, measure, source_id = series_key_parts(new_id)
    writer.require_alive(Source, source_id, "source")
    fields = {"country": country, "measure": measure, "source_id": source_id}
    writer.update_entity(Series, old_id, id=new_id, **fields)
    for claim in _alive_claims_of(writer, old_id):
        claim.removed_in = writer.revision
        moved = {c: getattr(claim, c) for c in OBSERVATION_FIELDS} | {"series_id": new_id}
        version = claim.version + 1
        writer.session.add(
            Observation(id=claim.id, version=version, **moved, added_in=writer.revision)
        )
    _record_alias(writer, "series", old_id, new_id)


def rename_source(writer: RevisionWriter, old_id: str, new_id: str) -> list[str]:
    """Give a source a new id, and its series the ids that follow; return those ids."""
    _require_present(writer, Source, old_id, "source")
    writer.require_absent(Source, new_id)
    writer.update_entity(Source, old_id, id=new_id)
    _record_alias(writer, "source", old_id, new_id)
    renamed = []
    for series in _alive_series_of(writer, old_id):
        new_series_id = series_key(series.country, series.measure, new_id)
        rename_series(writer, series.id, new_series_id)
        renamed.append(new_series_id)
    return renamed


def _require_present(writer: RevisionWriter, model: Any, stable_id: Any, what: str) -> None:
    try:
        writer.require_alive(model, stable_id, what)
    except InvalidArgument:
        raise NotFound(f"{what} {stable_id!r} does not exist") from None


def _record_alias(writer: RevisionWriter, kind: str, old_id: str, new_id: str) -> None:
    model = Source if kind == "source" else Series
    writer.alive_ids.get(model, set()).discard(old_id)
    writer.remember(model, new_id)
    writer.session.add(Alias(kind=kind, old_id=old_id, new_id=new_id, revision_id=writer.revision))


def _alive_claims_of(writer: RevisionWriter, series_id: str) -> list[Observation]:
    writer.session.flush()
    query = select(Observation).where(
        Observation.series_id == series_id, alive_at(Observation, writer.revision)
    )
    return list(writer.session.scalars(query.order_by(Observation.id)))


def _alive_series_of(writer: RevisionWriter, source_id: str) -> list[Series]:
    writer.session.flush()
    query = select(Series).where(Series.source_id == source_id, alive_at(Series, writer.revision))
    return list(writer.session.scalars(query.order_by(Series.id)))
