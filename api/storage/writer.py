"""Writing one revision: allocate its id, add versions, check references.

A `RevisionWriter` lives inside one write transaction (`Database.write()`): everything it
adds belongs to one revision and commits or rolls back together. Revision ids come from a
counter row that the first statement locks, so ids are consecutive even when a write fails
(a sequence would leave a gap on rollback) and concurrent writers queue.

The revision's time is given at commit, still inside that lock (`revision_clock`): the
database clock's time then, or the time a changeset states it was made, and never earlier
than the previous revision's. So no reader can see a revision appear with a time it had
already passed while the write was running, and times never go backwards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from api.domain.periods import require_period_within_date
from api.domain.preference import RULES
from api.domain.vocabulary import is_whole_number, reads_as_time
from api.errors import DataConflict, Gone, InvalidArgument, NotFound
from api.storage.models import (
    Document,
    Observation,
    ReleaseBatch,
    Revision,
    RevisionCounter,
    Series,
    Source,
    Tag,
)
from api.storage.revision_clock import revision_time
from api.storage.visibility import alive_at


class RevisionWriter:
    """Adds the versions of one new revision inside an open write session."""

    def __init__(
        self,
        session: Session,
        author: str,
        message: str,
        changeset: str | None = None,
        now: dt.datetime | None = None,
        rule: int | None = None,
    ) -> None:
        """`now`: the time the change was made (a changeset's); None: the clock at commit."""
        self.session = session
        self.revision = _next_revision_id(session)
        self.stated_at = now
        self.created_at = now or dt.datetime.now(dt.UTC)  # provisional until the commit
        self._row = Revision(
            id=self.revision,
            created_at=self.created_at,
            author=author,
            message=message,
            changeset=changeset,
            rule=_rule_in_force(session, self.revision, rule),
        )
        session.add(self._row)
        self._tags: list[Tag] = []
        event.listen(session, "before_commit", self._stamp, once=True)
        self.alive_ids: dict[Any, set[Any]] = {}
        self._next_ids = {
            Document: _max_id(session, Document) + 1,
            Observation: _max_id(session, Observation) + 1,
        }

    def add_source(self, **fields: Any) -> str:
        """Add a new source; its id must not be alive yet."""
        self.require_absent(Source, fields["id"])
        self.session.add(Source(**fields, added_in=self.revision))
        return str(self.remember(Source, fields["id"]))

    def add_series(self, **fields: Any) -> str:
        """Add a new series of an existing source."""
        self.require_absent(Series, fields["id"])
        self.require_alive(Source, fields["source_id"], "source")
        self.session.add(Series(**fields, added_in=self.revision))
        return str(self.remember(Series, fields["id"]))

    def add_document(self, **fields: Any) -> int:
        """Add a new document and return its stable id."""
        doc_id = self._take_id(Document)
        self.session.add(Document(id=doc_id, **fields, added_in=self.revision))
        return int(self.remember(Document, doc_id))

    def add_release(self, **fields: Any) -> str:
        """Add a new release batch event."""
        self.require_absent(ReleaseBatch, fields["id"])
        self.session.add(ReleaseBatch(**fields, added_in=self.revision))
        return str(self.remember(ReleaseBatch, fields["id"]))

    def add_observation(self, **fields: Any) -> int:
        """Add a new claim (version 1) and return its stable id."""
        self.require_alive(Series, fields["series_id"], "series")
        self.require_alive(Document, fields["document_id"], "document")
        if fields.get("release_id"):
            self.require_alive(ReleaseBatch, fields["release_id"], "release")
        require_period_within_date(fields)
        obs_id = self._take_id(Observation)
        self.session.add(Observation(id=obs_id, version=1, **fields, added_in=self.revision))
        return obs_id

    def correct_observation(self, observation_id: int, **changes: Any) -> int:
        """Close the current version of a claim and add the corrected one; return its version."""
        current = self.current_observation(observation_id)
        before = {c: getattr(current, c) for c in OBSERVATION_FIELDS}
        fields = before | changes
        if fields == before:
            raise InvalidArgument(f"the correction changes nothing in observation {observation_id}")
        require_period_within_date(fields)
        current.removed_in = self.revision
        version = current.version + 1
        self.session.add(
            Observation(id=observation_id, version=version, **fields, added_in=self.revision)
        )
        return version

    def retract_observation(self, observation_id: int) -> None:
        """Close the current version of a claim; nothing is deleted."""
        self.current_observation(observation_id).removed_in = self.revision

    def current(self, model: Any, stable_id: Any) -> Any:
        """The version of a source, series, document or batch alive now, or NotFound."""
        self.session.flush()
        current = self.session.scalar(
            select(model).where(model.id == stable_id, alive_at(model, self.revision))
        )
        if current is None:
            raise NotFound(f"{model.__tablename__} {stable_id!r} does not exist")
        return current

    def update_entity(self, model: Any, stable_id: Any, **changes: Any) -> None:
        """Close the current version of a source, series, document or batch; add the next."""
        current = self.current(model, stable_id)
        current.removed_in = self.revision
        skip = {"pk", "added_in", "removed_in"}
        fields = {
            c.key: getattr(current, c.key) for c in model.__table__.columns if c.key not in skip
        }
        self.session.add(model(**(fields | changes), added_in=self.revision))

    def add_tag(self, name: str, message: str | None = None, target: int | None = None) -> None:
        """Name a revision (this one by default); the tag is part of this revision."""
        target = self.revision if target is None else target
        if is_whole_number(name) or reads_as_time(name):
            raise InvalidArgument(
                f"tag {name!r} would read as a revision id or a time", {"name": ["ambiguous"]}
            )
        if self.session.get(Tag, name) is not None:
            raise DataConflict(f"tag {name!r} exists already and is never moved")
        if target != self.revision and self.session.get(Revision, target) is None:
            raise NotFound(f"revision {target} does not exist")
        tag = Tag(
            name=name,
            revision_id=target,
            created_in=self.revision,
            created_at=self.created_at,
            message=message,
        )
        self.session.add(tag)
        self._tags.append(tag)

    def _stamp(self, session: Session) -> None:
        """At commit, inside the counter's lock: the revision's time, and its tags'."""
        self.created_at = revision_time(session, self.revision, self.stated_at)
        self._row.created_at = self.created_at
        for tag in self._tags:
            tag.created_at = self.created_at

    def require_alive(self, model: Any, stable_id: Any, what: str) -> None:
        """Raise InvalidArgument unless `stable_id` names a current row of `model`."""
        if stable_id in self.alive_ids.get(model, ()):
            return
        self.session.flush()
        found = self.session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.id == stable_id, alive_at(model, self.revision))
        )
        if not found:
            raise InvalidArgument(f"unknown {what} {stable_id!r}")
        self.remember(model, stable_id)

    def require_absent(self, model: Any, stable_id: Any) -> None:
        self.session.flush()
        exists = self.session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.id == stable_id, alive_at(model, self.revision))
        )
        if exists:
            raise DataConflict(f"{model.__tablename__} {stable_id!r} exists already")

    def document_with_url(self, url: str) -> int | None:
        """The stable id of an alive document at this address (the lowest, if several)."""
        self.session.flush()
        alive = alive_at(Document, self.revision)
        found = self.session.scalar(select(func.min(Document.id)).where(Document.url == url, alive))
        return None if found is None else int(found)

    def current_observation(self, observation_id: int) -> Observation:
        """The alive version of a claim; Gone if it was retracted, NotFound if unknown."""
        self.session.flush()
        current = self.session.scalar(
            select(Observation).where(
                Observation.id == observation_id, alive_at(Observation, self.revision)
            )
        )
        if current is None:
            known = self.session.scalar(
                select(Observation.id).where(Observation.id == observation_id)
            )
            if known is not None:
                raise Gone(f"observation {observation_id} was retracted; it cannot change now")
            raise NotFound(f"observation {observation_id} does not exist")
        return current

    def remember(self, model: Any, stable_id: Any) -> Any:
        self.alive_ids.setdefault(model, set()).add(stable_id)
        return stable_id

    def _take_id(self, model: Any) -> int:
        taken = self._next_ids[model]
        self._next_ids[model] = taken + 1
        return taken


OBSERVATION_FIELDS = (
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "status",
    "is_primary",
    "document_id",
    "reported_by",
    "quote",
    "note",
    "release_id",
    "part",
    "counted",
    "curator_mark",
    "curator_reason",
)


def series_key_parts(series_id: str) -> tuple[str, str, str]:
    """`{country}.{measure}.{source}` split into its parts, or InvalidArgument."""
    parts = series_id.split(".", 2)
    if len(parts) != 3 or not all(parts):
        raise InvalidArgument(f"series id {series_id!r} is not of the form country.measure.source")
    return parts[0], parts[1], parts[2]


def _next_revision_id(session: Session) -> int:
    """Increment the counter row (locking it until commit) and return the new id."""
    statement = (
        update(RevisionCounter)
        .where(RevisionCounter.id == 1)
        .values(last=RevisionCounter.last + 1)
        .returning(RevisionCounter.last)
    )
    return int(session.execute(statement).scalar_one())


def _rule_in_force(session: Session, revision: int, asked: int | None) -> int:
    """The rule a new revision records: the one it introduces, else its predecessor's.

    Writes through the API and CLI ask for the newest rule; a shipped changeset states the
    rule it introduces, and one that states none keeps the rule of the revision before it
    (so the changesets made before rule 2 load as they always did). A rule never goes back:
    answers at later revisions must not return to an older rule.
    """
    previous = int(session.scalar(select(Revision.rule).where(Revision.id == revision - 1)) or 1)
    if asked is None:
        return previous
    if asked < previous:
        raise InvalidArgument(f"rule {asked} is older than rule {previous}, already in force")
    if asked not in RULES:
        raise InvalidArgument(f"there is no preferred-claim rule {asked}")
    return asked


def _max_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0)
