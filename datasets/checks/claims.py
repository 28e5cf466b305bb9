"""The checks of one claim, in its latest state: its number, dates, document, references, part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from api.domain.vocabulary import is_whole_number, parse_partial_date
from datasets.checks.counting import value_problems
from datasets.checks.shipped import Row, Shipped
from datasets.checks.sources import published_by

PART_MEASURES = ("released_part", "released_cumulative_part")


def languages(shipped: Shipped, row: Row) -> list[str]:
    """The languages whose number words the claim's quote may use: its document's and English."""
    language = shipped.documents.get(row.get("document_url", ""), {}).get("language") or "en"
    return list(dict.fromkeys([language.split("-")[0].lower(), "en"]))


def claim_problems(shipped: Shipped, row: Row, today: dt.date) -> Iterator[str]:
    """Everything wrong with one claim."""
    if not is_whole_number(row["value"]):
        yield f"value {row['value']!r} is not a whole number"
    else:
        counted = (row.get("counted") or "").strip()
        yield from value_problems(row["quote"], int(row["value"]), counted, languages(shipped, row))
    yield from _date_problems(row, today)
    document = shipped.documents.get(row["document_url"])
    if not row["document_url"].startswith(("http://", "https://")) or document is None:
        yield f"no document with the address {row['document_url']!r}"
    series = shipped.series.get(row["series_id"])
    if series is None:
        yield f"unknown series {row['series_id']}"
    else:
        if document is not None:
            yield from _primary_problems(row, series, shipped, document)
        yield from _part_problems(row, series)
    if row.get("release_id") and row["release_id"] not in shipped.releases:
        yield f"release {row['release_id']} does not exist"


def _date_problems(row: Row, today: dt.date) -> Iterable[str]:
    for column in ("date", "period_start"):
        if not row.get(column):
            continue
        try:
            day, _ = parse_partial_date(row[column])
        except ValueError as error:
            yield f"{column} {row[column]!r} is not a valid date ({error})"
            continue
        if day > today:
            yield f"{column} {row[column]} is in the future"


def _primary_problems(row: Row, series: Row, shipped: Shipped, document: Row) -> Iterable[str]:
    """A primary claim's document is published by the counting source (name or web site)."""
    if row.get("primary") != "true":
        return
    source = shipped.sources.get(series["source_id"], {})
    if not published_by(source, document):
        yield (
            f"primary, but {document['url']} is published by {document.get('publisher')!r}, "
            f"not by {source.get('name')!r}"
        )


def _part_problems(row: Row, series: Row) -> Iterable[str]:
    """A claim of a part measure names its part; a part label is short and not blank."""
    part = row.get("part") or ""
    if series.get("measure") in PART_MEASURES and not part.strip():
        yield f"a {series['measure']} claim without a part label (the subset it counts)"
    if part and (part != part.strip() or len(part) > 200):
        yield f"part {part!r} is not a short label without surrounding spaces"


def part_batch_problems(shipped: Shipped) -> Iterator[str]:
    """A part is never a batch's total: it is no larger than the batch's largest total."""
    totals: dict[str, list[int]] = {}
    parts: list[tuple[str, Row]] = []
    for place, row in shipped.claims:
        if not row.get("release_id") or not is_whole_number(row["value"]):
            continue
        measure = shipped.series.get(row["series_id"], {}).get("measure", "")
        if row.get("part") or measure in PART_MEASURES:
            parts.append((place, row))
        elif measure == "released":
            totals.setdefault(row["release_id"], []).append(int(row["value"]))
    for place, row in parts:
        batch = totals.get(row["release_id"])
        if batch and int(row["value"]) > max(batch):
            yield (
                f"{place}: the part {row.get('part')!r} ({row['value']}) is larger than every "
                f"total of {row['release_id']} ({max(batch)}): a total labelled as a part?"
            )
