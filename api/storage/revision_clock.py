"""The time a revision gets: taken at commit, from the database clock, never going back.

A write runs inside the lock of the revision counter (`writer._next_revision_id`), and the
time is read just before its commit, still inside it. Revisions therefore commit in the
order of their ids and their times never decrease with the id. That is what lets a
time-based `as_of` be answered for ever once a later revision exists (`resolve_pinned`):
every revision at or before that time is committed by then.

The database's clock, so that every host of one database stamps by one clock: PostgreSQL's
`clock_timestamp()` (its `now()` is the transaction's start: exactly the time not to use);
SQLite runs inside the process, on the host's clock, read here to the microsecond (its own
`'now'` has milliseconds only).

A changeset states the time it was made (`changeset.json` `created_at`) and keeps it, unless
it is loaded after newer revisions: then it takes the latest revision's time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from api.storage.models import Revision
from api.storage.revision_queries import as_utc


def database_now(session: Session) -> dt.datetime:
    """The database clock's current time, in UTC."""
    if session.get_bind().dialect.name != "postgresql":
        return dt.datetime.now(dt.UTC)
    return as_utc(session.execute(text("SELECT clock_timestamp()")).scalar_one())


def latest_time(session: Session, before: int) -> dt.datetime | None:
    """The latest time of the revisions before revision `before`, or None."""
    query = select(func.max(Revision.created_at)).where(Revision.id < before)
    found = session.scalar(query)
    return None if found is None else as_utc(found)


def revision_time(session: Session, revision: int, stated: dt.datetime | None) -> dt.datetime:
    """The time of `revision`: `stated` or the clock now, never before the previous one's."""
    moment = as_utc(stated) if stated is not None else database_now(session)
    previous = latest_time(session, revision)
    return moment if previous is None or moment >= previous else previous
