"""Build the suite's SYNTHETIC database (bench/suite_data.py), fast, and cache it.

`bulk_load` writes the whole plan in one transaction with SQLAlchemy Core (many rows per
statement), numbering rows exactly as `RevisionWriter` would: revision ids from 1 and the
counter row at the last, document and claim ids in the order they are added, version 1,
`added_in` = the revision. A correction, as `RevisionWriter.correct_observation` writes
it, closes the claim's current version (`removed_in` = the revision) and adds the next
(same id, version + 1, `added_in` = the revision). `write_with_writer` feeds the same plan
through the writer itself, one transaction per revision; tests compare the two on the tiny
scale, every table row for row.

    python -m bench.suite_build            # builds (or finds) the full-scale database
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from api.storage import migrate
from api.storage.db import Database
from api.storage.models import Document, Observation, Revision, RevisionCounter, Series, Source
from api.storage.writer import RevisionWriter
from bench.suite_data import AUTHOR, FULL, GENERATOR_VERSION, Scale, revisions

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "instance" / "bench"
BATCH = 20_000  # rows per INSERT statement (executemany)
MODELS = (Revision, Source, Series, Document, Observation)  # foreign-key order: revisions first


def cached_database(scale: Scale = FULL) -> Path:
    """The database file for `scale`, built under instance/bench/ unless already there.

    Its name holds the generator version and the schema's migration head, so a change to
    either builds a new one (and the stale files are removed).
    """
    path = CACHE / f"suite-{scale.name}-v{GENERATOR_VERSION}-m{migrate.head_revision()}.sqlite"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"suite-{scale.name}-*.sqlite*"):
        stale.unlink()
    building = path.with_name(path.name + ".building")
    started = time.perf_counter()
    print(f"building the SYNTHETIC database ({scale.name} scale) ...", flush=True)
    build(f"sqlite:///{building}", scale)
    building.rename(path)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def build(url: str, scale: Scale) -> None:
    """A new database at `url`: the schema (migrations), then the plan, bulk-inserted."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    database = Database(url)
    try:
        migrate.upgrade(database)
        bulk_load(database, scale)
        if database.dialect == "sqlite":
            with database.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()


def bulk_load(database: Database, scale: Scale) -> None:
    """Every revision of the plan into an empty store, one transaction, many rows a statement."""
    with database.write() as session:
        if session.scalar(select(RevisionCounter.last)) != 0:
            raise RuntimeError("bulk_load numbers rows from 1: it needs an empty database")
        rows, ids = _Rows(session), {Document: 0, Observation: 0}
        versions: dict[int, int] = {}  # the current version of every corrected claim
        for plan in revisions(scale):
            revision = plan.number
            rows.add(Revision, _revision_row(revision, plan.created_at, plan.message))
            for source in plan.sources:
                rows.add(Source, {**source, "added_in": revision})
            for series in plan.series:
                rows.add(Series, {**series, "added_in": revision})
            for document in plan.documents:
                rows.add(Document, {"id": _next(ids, Document), **document, "added_in": revision})
            for claim in plan.claims:
                fields = {"id": _next(ids, Observation), "version": 1, **claim}
                rows.add(Observation, {**fields, "added_in": revision})
            for correction in plan.corrections:
                claim_id = correction["observation_id"]
                version = versions.get(claim_id, 1)
                rows.close(claim_id, version, revision)
                versions[claim_id] = version + 1
                fields = {"id": claim_id, "version": version + 1, **correction["fields"]}
                rows.add(Observation, {**fields, "added_in": revision})
        rows.flush()
        counter = update(RevisionCounter).where(RevisionCounter.id == 1)
        session.execute(counter.values(last=revision))


def write_with_writer(database: Database, scale: Scale) -> None:
    """The same plan through `RevisionWriter`, one transaction per revision (slow; tests)."""
    for plan in revisions(scale):
        with database.write() as session:
            writer = RevisionWriter(session, AUTHOR, plan.message, now=plan.created_at)
            for source in plan.sources:
                writer.add_source(**source)
            for series in plan.series:
                writer.add_series(**series)
            for document in plan.documents:
                writer.add_document(**document)
            for claim in plan.claims:
                writer.add_observation(**claim)
            for correction in plan.corrections:
                writer.correct_observation(correction["observation_id"], **correction["fields"])


class _Rows:
    """Rows waiting to be inserted, per table, written in foreign-key order; then the claim
    versions waiting to be closed (each inserted in this flush or an earlier one)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.waiting: dict[Any, list[dict[str, Any]]] = {model: [] for model in MODELS}
        self.closing: list[dict[str, Any]] = []
        self.count = 0

    def close(self, claim_id: int, version: int, revision: int) -> None:
        """Set `removed_in` = `revision` on version `version` of claim `claim_id`."""
        self.closing.append({"claim_id": claim_id, "old_version": version, "removed": revision})
        self.count += 1

    def add(self, model: Any, row: dict[str, Any]) -> None:
        self.waiting[model].append(row)
        self.count += 1
        if self.count >= BATCH:
            self.flush()

    def flush(self) -> None:
        for model, rows in self.waiting.items():
            if rows:
                self.session.execute(insert(model), rows)
                rows.clear()
        if self.closing:
            self.session.execute(_CLOSE, self.closing)
            self.closing.clear()
        self.count = 0


_OBSERVATIONS = Observation.__table__  # Core, not ORM: a plain executemany of one UPDATE
_CLOSE = (
    update(_OBSERVATIONS)
    .where(
        _OBSERVATIONS.c.id == bindparam("claim_id"),
        _OBSERVATIONS.c.version == bindparam("old_version"),
        _OBSERVATIONS.c.removed_in.is_(None),
    )
    .values(removed_in=bindparam("removed"))
)


def _revision_row(number: int, created_at: dt.datetime, message: str) -> dict[str, Any]:
    return {"id": number, "created_at": created_at, "author": AUTHOR, "message": message}


def _next(ids: dict[Any, int], model: Any) -> int:
    """The next stable id of `model`, as `RevisionWriter` hands them out (1, 2, …)."""
    ids[model] += 1
    return ids[model]


if __name__ == "__main__":
    print(cached_database(FULL))
