"""Curation checks over the shipped changesets, and the curation report.

The checks find curation errors before they reach a database. Each claim is checked in its
latest state (after every `corrections.csv`): its quote holds its value the way `counted`
says (`counting`: written, added up, counted from names, misprinted), its dates are valid and
not in the future, its document exists, a primary claim is published by its counting source,
a part measure's claim names its part and no part is larger than its batch's totals, no two
claims are identical, its batch and series exist. A series whose quotes' wording shows two
measures is a finding (`measures`), and so is an unmarked mirror document (`mirrors`), a
correction, mark or document correction that names nothing or gives no reason, and a
changeset without a valid, non-decreasing `created_at` (`judgements`). `make test` fails on
any finding; `prisoner-counts datasets check` prints them with the report (`report`).

    shipped.py   the rows of all changesets, corrections applied
    numbers.py   the numbers a quote writes (digits and number words, number_forms.py)
    counting.py  the value against the quote, by `counted`
    claims.py    one claim's checks; parts against batch totals
    measures.py  two measures in one series
    mirrors.py   mirror hosts
    judgements.py corrections, marks, document corrections, changeset.json
    report.py    the curation report
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from datasets.checks.claims import claim_problems, languages, part_batch_problems
from datasets.checks.counting import holds_misprinted
from datasets.checks.judgements import judgement_problems
from datasets.checks.measures import mixed_measures
from datasets.checks.mirrors import is_marked, mirror_reason
from datasets.checks.numbers import holds_value
from datasets.checks.report import report, summary
from datasets.checks.shipped import Shipped, read_shipped
from datasets.rows import RowError, name_fields

__all__ = [
    "Shipped",
    "findings",
    "holds_misprinted",
    "holds_number",
    "read_shipped",
    "report",
    "summary",
]


def holds_number(quote: str, value: int, languages: tuple[str, ...] = ("en",)) -> bool:
    """The quote writes `value`, in digits or in the number words of `languages`."""
    return holds_value(quote, value, languages)


def findings(shipped: Shipped, today: dt.date | None = None) -> list[str]:
    """Every curation error, as `place: problem` lines (empty when all is well)."""
    today = today or dt.date.today()
    now = dt.datetime.combine(today, dt.time.max, tzinfo=dt.UTC)
    problems = list(_claim_findings(shipped, today))
    problems += part_batch_problems(shipped)
    kinds = {series_id: row.get("kind", "") for series_id, row in shipped.series.items()}
    claims = [(place, row, languages(shipped, row)) for place, row in shipped.claims]
    problems += mixed_measures(claims, kinds)
    problems += _mirror_findings(shipped)
    problems += judgement_problems(shipped, now)
    for series_id, series in shipped.series.items():
        if series["source_id"] not in shipped.sources:
            problems.append(f"series {series_id}: unknown source {series['source_id']}")
    for place, row in shipped.names:
        problems += [f"{place}: {p}" for p in _name_problems(shipped, row)]
    return problems


def _claim_findings(shipped: Shipped, today: dt.date) -> Iterator[str]:
    seen: dict[tuple[str, ...], str] = {}
    for place, row in shipped.claims:
        where = place + _corrected_by(shipped, place)
        yield from (f"{where}: {p}" for p in claim_problems(shipped, row, today))
        key = tuple(row.get(c, "") for c in ("series_id", "date", "value", "document_url", "quote"))
        key += (row.get("part", ""),)
        if row.get("counted") == "names":  # one quote naming two people: two claims of 1
            key += (row.get("note", ""),)
        if key in seen:
            yield f"{where}: identical to {seen[key]}"
        seen.setdefault(key, place)


def _corrected_by(shipped: Shipped, place: str) -> str:
    corrections = shipped.corrected.get(place)
    return f" (as corrected by {', '.join(corrections)})" if corrections else ""


def _mirror_findings(shipped: Shipped) -> Iterator[str]:
    for url, document in sorted(shipped.documents.items()):
        reason = mirror_reason(document)
        if reason and not is_marked(document):
            yield (
                f"document {url}: {reason}, a copy's address, but not marked mirror=true "
                "(give the original's address, or mark it in documents.csv or "
                "document_corrections.csv)"
            )


def _name_problems(shipped: Shipped, row: dict[str, str]) -> Iterator[str]:
    """A name in another language: of a known entity, in a language tag, with evidence."""
    try:
        kind, entity_id, _, _ = name_fields(row)
    except RowError as error:
        yield str(error)
        return
    known = shipped.sources if kind == "source" else shipped.series
    if entity_id not in known:
        yield f"unknown {kind} {entity_id}"
    reference = row.get("reference") or ""
    if not reference.startswith(("http://", "https://")):
        yield f"reference {reference!r} is not an http(s) address of a page using the name"
