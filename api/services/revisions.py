"""Resolving `as_of` (a revision id, a tag or a time) to a revision id.

A revision id or a tag names one revision for ever. A time names the newest revision made
at or before it, and that answer is settled only once a later revision exists: revisions
are stamped at commit and their times never decrease (`api.storage.revision_clock`), so
from then on no revision can appear at or before that time. Until then, a write in progress
or a changeset made earlier and loaded later may still land there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api.domain.vocabulary import is_whole_number
from api.errors import NotFound
from api.storage import revision_queries as q


def resolve_as_of(session: Session, as_of: str | None) -> int:
    """The revision a read answers for: the latest, or the one `as_of` names."""
    if as_of is None or as_of == "":
        return q.latest_revision_id(session) or 0
    as_of = as_of.strip()
    if is_whole_number(as_of):
        return _existing_revision(session, int(as_of))
    tagged = q.tag_revision_id(session, as_of)
    if tagged is not None:
        return tagged
    moment = parse_moment(as_of)
    if moment is None:
        raise NotFound(
            f"as_of {as_of!r} is neither a revision id, a tag nor an ISO 8601 time"
            + _plus_hint(as_of)
        )
    found = q.revision_at_time(session, moment)
    if found is None:
        raise NotFound(f"no revision existed at {moment.isoformat()}")
    return found


def resolve_pinned(session: Session, as_of: str) -> tuple[int, bool]:
    """The revision `as_of` names, and whether that answer can never change.

    The newest revision's time is read before `as_of` is resolved: on PostgreSQL each
    statement sees its own snapshot, and a later one sees at least what an earlier one saw.
    """
    moment = parse_moment(as_of.strip())
    if moment is None or is_whole_number(as_of.strip()):
        return resolve_as_of(session, as_of), True
    latest = q.latest_revision_time(session)
    revision = resolve_as_of(session, as_of)
    settled = latest is not None and moment < latest and moment <= dt.datetime.now(dt.UTC)
    return revision, settled


def _plus_hint(as_of: str) -> str:
    """A time whose `+01:00` came as a space: a `+` in a query string is a space."""
    head, space, zone = as_of.rpartition(" ")
    if space and parse_moment(f"{head}+{zone}") is not None:
        return f" (a '+' in a query string means a space: write {head}%2B{zone})"
    return ""


def _existing_revision(session: Session, revision_id: int) -> int:
    if revision_id > 2**31 - 1 or q.revision_row(session, revision_id) is None:
        raise NotFound(f"revision {revision_id} does not exist")
    return revision_id


def parse_moment(text: str) -> dt.datetime | None:
    """An ISO 8601 date or time (a date means its end, a naive time UTC), or None."""
    try:
        moment = dt.datetime.fromisoformat(text)
        if len(text) == 10:  # a bare date: everything recorded on that day
            moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
        return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):  # not a time, or one outside what a datetime holds
        return None
