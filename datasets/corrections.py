"""Corrections and curator marks of claims that an earlier changeset shipped.

A changeset never edits an earlier one: it corrects claims in `corrections.csv` and marks
them in `marks.csv`, each row naming its claim by where it was shipped,
`NNNN-name/observations.csv:LINE` (LINE is the line where the row ends, as a CSV reader
counts it and the curation checks report it). The claim is found on any installation by that
row's first version: its series, date, value and quote. A correction writes a new version
with the changed fields (`(empty)` clears one); a mark writes the curator's judgement.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from marshmallow import ValidationError
from sqlalchemy import select

from api.domain.vocabulary import parse_partial_date
from api.schemas.writes import CsvClaimSchema
from api.storage import claim_marks
from api.storage.claim_marks import mark_claim
from api.storage.models import Observation
from api.storage.writer import RevisionWriter
from datasets import rows

CLEARED: Final = "(empty)"
REFERENCE: Final = re.compile(r"^(?P<changeset>\d{4}-[a-z0-9-]+)/observations\.csv:(?P<line>\d+)$")
CORRECTABLE: Final = (
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "status",
    "primary",
    "reported_by",
    "document_url",
    "quote",
    "note",
    "release_id",
    "part",
    "counted",
)
NULLABLE: Final = frozenset(
    {"period_start", "reported_by", "note", "release_id", "part", "counted"}
)


def shipped_row(root: Path, reference: str) -> dict[str, str]:
    """The observations.csv row a reference names, or RowError."""
    match = REFERENCE.match(reference.strip())
    if not match:
        raise rows.RowError(
            f"claim {reference!r} is not of the form NNNN-name/observations.csv:LINE"
        )
    path = root / match["changeset"] / "observations.csv"
    if not path.exists():
        raise rows.RowError(f"claim {reference!r}: no changeset {match['changeset']!r}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if reader.line_num == int(match["line"]):
                return row
    raise rows.RowError(f"claim {reference!r}: no row ends on that line")


def claim_id(writer: RevisionWriter, root: Path, reference: str) -> int:
    """The stable id of the claim a reference names: the claim whose first version is that row."""
    row = shipped_row(root, reference)
    day, _ = parse_partial_date(row.get("date") or "")
    o = Observation
    query = select(o.id).where(
        o.version == 1,
        o.series_id == row["series_id"].strip(),
        o.date == day,
        o.value == int(row["value"]),
        o.quote == row["quote"].strip(),
    )
    writer.session.flush()
    found = list(writer.session.scalars(query))
    if len(found) > 1:  # one quote naming two people: two claims of 1, told apart by their note
        note = (row.get("note") or "").strip() or None
        found = list(writer.session.scalars(query.where(o.note == note)))
    if len(found) != 1:
        raise rows.RowError(f"claim {reference!r} matches {len(found)} stored claims, not one")
    return int(found[0])


def apply_corrections(
    writer: RevisionWriter, root: Path, table: Iterator[tuple[int, dict[str, str]]], documents: Any
) -> None:
    """Apply every row of corrections.csv (`documents` maps an address to its document id)."""
    for line, row in table:
        try:
            observation_id = claim_id(writer, root, row.get("claim") or "")
            _require_reason(row)
            claim_marks.correct_claim(writer, observation_id, _changes(row, documents))
        except rows.RowError as error:
            raise rows.RowError(f"line {line}: {error}") from None


def apply_marks(
    writer: RevisionWriter, root: Path, table: Iterator[tuple[int, dict[str, str]]]
) -> None:
    """Apply every row of marks.csv: preferred, disputed or none, with its reason."""
    for line, row in table:
        try:
            observation_id = claim_id(writer, root, row.get("claim") or "")
            mark_claim(
                writer, observation_id, (row.get("mark") or "").strip(), _require_reason(row)
            )
        except rows.RowError as error:
            raise rows.RowError(f"line {line}: {error}") from None


def _require_reason(row: dict[str, str]) -> str:
    reason = (row.get("reason") or "").strip()
    if not reason:
        raise rows.RowError("reason: required (why the claim is corrected or marked)")
    return reason


def _changes(row: dict[str, str], documents: Any) -> dict[str, Any]:
    """The fields a correction row changes, checked by the API's claim schema."""
    given = {k: v.strip() for k, v in row.items() if k in CORRECTABLE and (v or "").strip()}
    unknown = set(row) - set(CORRECTABLE) - {"claim", "reason"}
    if unknown:
        raise rows.RowError(f"unknown columns {', '.join(sorted(unknown))}")
    cleared = {k for k, v in given.items() if v == CLEARED}
    if cleared - NULLABLE:
        raise rows.RowError(f"{', '.join(sorted(cleared - NULLABLE))} cannot be cleared")
    written = {k: v for k, v in given.items() if k not in cleared}
    try:
        loaded: dict[str, Any] = CsvClaimSchema(partial=True).load(written)
    except ValidationError as error:
        raise rows.RowError(rows.describe(error.messages)) from None
    if "primary" in loaded:
        loaded["is_primary"] = loaded.pop("primary")
    if "document_url" in loaded:
        loaded["document_id"] = documents(loaded.pop("document_url"))
    if not loaded and not cleared:
        raise rows.RowError("the correction changes nothing")
    return loaded | dict.fromkeys(cleared)
