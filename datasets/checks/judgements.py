"""Checks of the files that judge or correct earlier rows, and of each changeset's metadata.

- corrections.csv: the reference names a shipped claim of an earlier changeset, the columns
  are claim columns, `(empty)` clears only a column that may be empty, a reason is given; the
  corrected claim is then checked like any other (its latest state).
- marks.csv: the reference names a shipped claim, the mark is preferred, disputed or none, a
  reason is given, and no group has two claims marked preferred.
- document_corrections.csv: its `url` is a stored document's, a reason is given, `mirror` is
  true or false.
- changeset.json: `message` present; `created_at` an ISO 8601 UTC time
  (`2026-12-02T15:00:00Z`), not in the future, required in every changeset after the first
  one that records it (changesets made before times were recorded may lack it); `rule`, when
  given, a whole number that never goes down. A changeset made after one that comes later in
  name order has an earlier time than the one before it: the report lists it (the loader
  stamps its revision with the later of the two times, so revision times never go back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Final

from datasets.checks.shipped import CLEARED, CORRECTABLE, DOCUMENT_FIELDS, REFERENCE, Shipped

MARKS: Final = ("preferred", "disputed", "none")
NULLABLE: Final = frozenset(
    {"period_start", "reported_by", "note", "release_id", "part", "counted"}
)
DOCUMENT_NULLABLE: Final = DOCUMENT_FIELDS - {"new_url"}


def judgement_problems(shipped: Shipped, now: dt.datetime) -> Iterator[str]:
    """Every problem of corrections, marks, document corrections and changeset metadata."""
    yield from shipped.problems
    yield from _correction_problems(shipped)
    yield from _mark_problems(shipped)
    yield from _document_correction_problems(shipped)
    yield from _meta_problems(shipped.meta, now)


def _reference_problems(place: str, reference: str, shipped: Shipped) -> Iterator[str]:
    match = REFERENCE.match(reference)
    if not match:
        yield f"{place}: claim {reference!r} is not of the form NNNN-name/observations.csv:LINE"
    elif shipped.claim(reference) is None:
        yield f"{place}: claim {reference!r} names no shipped claim"


def _reason_problems(place: str, row: dict[str, str]) -> Iterator[str]:
    if not (row.get("reason") or "").strip():
        yield f"{place}: no reason given"


def _correction_problems(shipped: Shipped) -> Iterator[str]:
    for place, row in shipped.corrections:
        reference = (row.get("claim") or "").strip()
        if not REFERENCE.match(reference):
            yield from _reference_problems(place, reference, shipped)
        elif reference.split("/")[0] >= place.split("/")[0]:
            yield f"{place}: corrects {reference}, which is not of an earlier changeset"
        yield from _reason_problems(place, row)
        unknown = set(row) - CORRECTABLE - {"claim", "reason"}
        if unknown:
            yield f"{place}: unknown columns {', '.join(sorted(unknown))}"
        cleared = {k for k, v in row.items() if (v or "").strip() == CLEARED}
        if cleared - NULLABLE:
            yield f"{place}: {', '.join(sorted(cleared - NULLABLE))} cannot be cleared"
        if not any((row.get(k) or "").strip() for k in CORRECTABLE):
            yield f"{place}: the correction changes nothing"


def _mark_problems(shipped: Shipped) -> Iterator[str]:
    preferred: dict[tuple[str, ...], str] = {}
    for place, row in shipped.marks:
        reference = (row.get("claim") or "").strip()
        yield from _reference_problems(place, reference, shipped)
        yield from _reason_problems(place, row)
        mark = (row.get("mark") or "").strip()
        if mark not in MARKS:
            yield f"{place}: mark {mark!r} is not one of {', '.join(MARKS)}"
        claim = shipped.claim(reference)
        if mark == "preferred" and claim is not None:
            group = tuple(claim.get(c, "") for c in ("series_id", "date", "period_start", "part"))
            if group in preferred:
                yield f"{place}: a second preferred claim in the group of {preferred[group]}"
            preferred.setdefault(group, reference)


def _document_correction_problems(shipped: Shipped) -> Iterator[str]:
    for place, row in shipped.document_corrections:
        yield from _reason_problems(place, row)
        unknown = set(row) - DOCUMENT_FIELDS - {"url", "reason"}
        if unknown:
            yield f"{place}: unknown columns {', '.join(sorted(unknown))}"
        mirror = (row.get("mirror") or "").strip()
        if mirror not in ("", "true", "false", CLEARED):
            yield f"{place}: mirror {mirror!r} is not true or false"
        if (row.get("new_url") or "").strip() == CLEARED:
            yield f"{place}: new_url cannot be cleared"


def _meta_problems(meta: list[tuple[str, dict[str, Any]]], now: dt.datetime) -> Iterator[str]:
    previous: dt.datetime | None = None
    rule = 0
    for name, fields in meta:
        place = f"{name}/changeset.json"
        if not str(fields.get("message") or "").strip():
            yield f"{place}: no message"
        created = _utc_time(fields.get("created_at"))
        if created is None and previous is None and "created_at" not in fields:
            pass  # older changesets, before the first that records its time
        elif created is None:
            yield (
                f"{place}: created_at {fields.get('created_at')!r} is not a UTC time like "
                "2026-12-02T15:00:00Z"
            )
        elif created > now:
            yield f"{place}: created_at {fields['created_at']} is in the future"
        if created is not None:
            previous = created
        if "rule" in fields:
            given = fields["rule"]
            if not isinstance(given, int) or isinstance(given, bool) or given < max(rule, 1):
                yield f"{place}: rule {given!r} is not a whole number of at least {max(rule, 1)}"
            else:
                rule = given


def _utc_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text.endswith("Z"):
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def times_going_back(meta: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Changesets whose `created_at` is earlier than an earlier changeset's (made out of order)."""
    out, latest = [], None
    for name, fields in meta:
        created = _utc_time(fields.get("created_at"))
        if created is not None and latest is not None and created < latest[1]:
            out.append(f"{name}: {fields['created_at']}, earlier than {latest[0]}'s")
        if created is not None and (latest is None or created > latest[1]):
            latest = (name, created)
    return out
