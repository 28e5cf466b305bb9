"""Carrying out one write request as exactly one revision, all or nothing.

`perform` opens the write transaction, allocates the revision (locking the counter, so
writers queue), replays the stored answer when an Idempotency-Key is retried with the same
request, refuses a stale `If-Match` (412), runs the action and stores the answer for later
replays. Any error rolls the whole request back, the revision id included.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from api.domain.preference import LATEST_RULE
from api.errors import PreconditionFailed, Unprocessable
from api.services.writes.tokens import Caller
from api.storage.db import Database
from api.storage.models import IdempotencyRecord
from api.storage.writer import RevisionWriter

Action = Callable[[RevisionWriter], dict[str, Any]]


@dataclass(frozen=True)
class WriteRequest:
    """Who writes, why, and the request's safety conditions."""

    caller: Caller
    message: str
    request_hash: str
    idempotency_key: str | None = None
    if_match: tuple[int, ...] | None = None  # the revisions If-Match names; None: no condition


@dataclass(frozen=True)
class WriteResult:
    """The answer to a write: the new revision and the ids of what it created."""

    revision: int
    body: dict[str, Any]
    replayed: bool = False


class _Replay(Exception):
    def __init__(self, result: WriteResult) -> None:
        self.result = result


def perform(
    db: Database, request: WriteRequest, action: Action, dry_run: bool = False
) -> WriteResult:
    """Run `action` as one new revision; replay the earlier answer for a retried key.

    With `dry_run`, everything is checked and written, then rolled back.
    """
    try:
        with db.write() as session:
            # A write made now is judged by the rule in force now (the newest one).
            writer = RevisionWriter(session, request.caller.name, request.message, rule=LATEST_RULE)
            _replay_if_retried(session, request)
            _check_if_match(writer.revision - 1, request.if_match)
            body = {"revision": writer.revision, **action(writer)}
            _remember(session, request, writer.revision, body)
            if dry_run:
                raise _Replay(WriteResult(writer.revision, body))
            return WriteResult(writer.revision, body)
    except _Replay as replay:  # the transaction rolled back: no revision was used up
        return replay.result


def _replay_if_retried(session: Session, request: WriteRequest) -> None:
    if request.idempotency_key is None:
        return
    record = session.get(IdempotencyRecord, (request.caller.name, request.idempotency_key))
    if record is None:
        return
    if record.request_hash != request.request_hash:
        raise Unprocessable("this Idempotency-Key was used for a different request; use a new key")
    raise _Replay(WriteResult(record.revision_id, json.loads(record.body), replayed=True))


def _check_if_match(latest: int, if_match: tuple[int, ...] | None) -> None:
    if if_match is not None and latest not in if_match:
        named = ", ".join(map(str, if_match)) or "no current revision (a weak tag never matches)"
        raise PreconditionFailed(
            f"If-Match names revision {named}, but the data set is at revision {latest}"
        )


def _remember(session: Session, request: WriteRequest, revision: int, body: dict[str, Any]) -> None:
    if request.idempotency_key is None:
        return
    session.add(
        IdempotencyRecord(
            token_name=request.caller.name,
            key=request.idempotency_key,
            request_hash=request.request_hash,
            revision_id=revision,
            status=201,
            body=json.dumps(body, default=str),
        )
    )
