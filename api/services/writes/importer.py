"""Importing claims (or release batches with claims) from a CSV file as one revision.

The file has the columns the API's CSV export writes; export-only columns (ids, revision,
preferred, conflict) are ignored and the export's formula neutralisation is undone, so an
export imported into a database with the same sources and series gives the same claims.
Every row is checked before anything is written, and every bad row is reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from api.errors import InvalidArgument
from api.render.cells import restore_text
from api.schemas.writes import CsvClaimSchema, CsvReleaseSchema
from api.services.writes import claim_writes
from api.services.writes.tokens import Caller
from api.services.writes.writing import WriteRequest, WriteResult, perform
from api.storage.db import Database
from api.storage.models import ReleaseBatch
from api.storage.writer import RevisionWriter

# Columns an export writes that an import does not read: ids the service gives, and the
# judgement of the preferred-claim rule, which follows from the claims.
EXPORT_ONLY = frozenset(
    {
        "observation_id",
        "revision",
        "preferred",
        "conflict",
        "source_id",
        "document_id",
        "preferred_by",
        "conflict_with",
        "batch_conflict",
        "batch_preferred_by",
    }
)
REQUIRED = ("series_id", "date", "value", "quote", "document_url")
RELEASE_COLUMNS = ("release_id", "country", "category", "mechanism", "claim_date")
BATCH_FIELDS = {
    "release_id": "release_id",
    "date": "date",
    "date_precision": "date_precision",
    "country": "country",
    "category": "category",
    "mechanism": "mechanism",
    "brokered_by": "brokered_by",
    "release_title": "title",
}


@dataclass
class ImportPlan:
    """What a file would write, or why it cannot."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the file's line of each claim
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs of a UTF-8 CSV file (a byte-order mark is fine)."""
    return read_csv(path.read_bytes(), path.name)


def read_csv(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs of UTF-8 CSV bytes (a file or a request body)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidArgument(
            f"{name} is not UTF-8 (byte {raw[error.start]:#04x} at offset {error.start}); "
            "save it as UTF-8 CSV"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader if _filled(row)]
    except csv.Error as error:  # a NUL byte, or a quote left open at the end
        raise InvalidArgument(
            f"{name} is not readable as CSV (line {reader.line_num + 1}): {error}"
        ) from None
    header = list(reader.fieldnames or [])
    if len(header) == 1 and ";" in header[0]:
        raise InvalidArgument(
            f"{name} separates its columns with ';': save it as comma-separated CSV "
            "(in Excel: CSV UTF-8, comma delimited)"
        )
    return header, rows


def _filled(row: dict[Any, Any]) -> bool:
    """A row with any text (cells past the header come as a list under the key None)."""
    return any(v.strip() if isinstance(v, str) else bool(v) for v in row.values())


def plan(header: list[str], rows: Iterable[tuple[int, dict[str, str]]]) -> ImportPlan:
    """Check every row; collect the claims and batches, or every error by line and column."""
    result = ImportPlan()
    missing = [column for column in REQUIRED if column not in header]
    releases = "claim_date" in header  # the releases export; claims alone have no claim_date
    missing += [c for c in RELEASE_COLUMNS if releases and c not in header]
    if missing:
        result.errors.append(f"missing column(s): {', '.join(missing)}")
        return result
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:  # the reader keeps the last cell of a name: one of the two would be lost
        result.errors.append(f"column(s) named twice: {', '.join(twice)}")
        return result
    for line, row in rows:
        _plan_row(result, line, row, releases)
    if not result.claims and not result.errors:  # as the write API refuses an empty batch
        result.errors.append("no claims: the file has a header and no rows")
    return result


def run(
    db: Database,
    planned: ImportPlan,
    author: str,
    message: str,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> WriteResult:
    """Write the planned claims (and new batches) as one revision."""
    if planned.errors:
        raise InvalidArgument(f"{len(planned.errors)} bad row(s); nothing was written")
    request = WriteRequest(Caller(author, "write"), message, request_hash="")
    return perform(db, request, import_action(planned, progress), dry_run=dry_run)


def import_action(planned: ImportPlan, progress: Callable[[int], None] | None = None) -> Any:
    """New batches first, then every claim as the write API adds them (same checks)."""

    def action(writer: RevisionWriter) -> dict[str, Any]:
        release_ids = [_ensure_batch(writer, batch) for batch in planned.batches.values()]
        created = claim_writes.add_claims(planned.claims, progress, planned.lines)(writer)
        return {**created, "release_ids": [r for r in release_ids if r]}

    return action


def _ensure_batch(writer: RevisionWriter, batch: dict[str, Any]) -> str | None:
    """Add a batch the database does not have yet; an existing one is reused as it is."""
    try:
        writer.require_alive(ReleaseBatch, batch["release_id"], "release")
        return None
    except InvalidArgument:
        fields = {k: v for k, v in batch.items() if k != "release_id"}
        return writer.add_release(id=batch["release_id"], **fields)


def _plan_row(result: ImportPlan, line: int, row: dict[str, str], releases: bool) -> None:
    if None in row:
        result.errors.append(f"line {line}: more cells than the header has columns")
        return
    data = {k: restore_text(v) if isinstance(v, str) else v for k, v in row.items() if k}
    data = {k: v for k, v in data.items() if k not in EXPORT_ONLY and v not in ("", None)}
    try:
        if releases:
            batch, data = _split_release_row(data)
            result.batches.setdefault(batch["release_id"], batch)
            data["release_id"] = batch["release_id"]
        result.claims.append(CsvClaimSchema().load(data))
        result.lines.append(line)
    except ValidationError as error:
        for column, messages in _flat(error.messages):
            result.errors.append(f"line {line}, column {column}: {messages}")


def _split_release_row(data: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    batch_data = {BATCH_FIELDS[k]: v for k, v in data.items() if k in BATCH_FIELDS}
    claim = {k: v for k, v in data.items() if k not in BATCH_FIELDS}
    claim["date"] = claim.pop("claim_date", data.get("date", ""))
    if "claim_date_precision" in claim:
        claim["date_precision"] = claim.pop("claim_date_precision")
    return CsvReleaseSchema().load(batch_data), claim


def _flat(messages: Any) -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [
            (str(k), "; ".join(map(str, v)) if isinstance(v, list) else str(v))
            for k, v in messages.items()
        ]
    return [("row", str(messages))]
