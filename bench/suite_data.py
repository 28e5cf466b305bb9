"""What the benchmark suite's SYNTHETIC database holds, revision by revision.

Every figure is made up by a seeded generator (`random.Random(42)`): country `XX` (an ISO
user-assigned code), source `synthetic-bench`, documents at `synthetic.invalid`, quotes
that start with "SYNTHETIC". It never goes near `datasets/`. At full scale:

- revision 1: the catalogue, 1,000 documents, 50 series of 20,000 daily claims each, one
  series of 1,000,000 claims (two claims a day), one series of 1,000 claims (the JSON
  scenario) and the first 1,000 claims (one a day) of the as_of series;
- revisions 2 … 100,000: one correction each to the as_of series (a new version of one of
  its 1,000 claims, the dates in turn: revision r corrects the claim of day (r - 2) mod
  1,000), so that series holds the same 1,000 live claims at every revision while its
  history spans all 100,000 revisions (about 100 versions a claim).

The plan is written as what a `RevisionWriter` is asked to do: what it adds (no ids), and
which claim it corrects (the stable id the writer handed out in revision 1, see
`as_of_claim_id`) with every field of the new version. `suite_build` either bulk-inserts
it, numbering rows and versions as the writer would, or feeds it to the writer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

GENERATOR_VERSION = 2  # bump whenever the plan below changes: the cached database is rebuilt
SOURCE_ID = "synthetic-bench"
JSON_SERIES = f"XX.json_scenario.{SOURCE_ID}"
AS_OF_SERIES = f"XX.as_of_scenario.{SOURCE_ID}"
LONG_SERIES = f"XX.million_claims.{SOURCE_ID}"
AUTHOR = "bench"
FIRST_DAY = dt.date(1900, 1, 1)
LONG_FIRST_DAY = dt.date(1000, 1, 1)
FIRST_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Scale:
    """How much of everything; `FULL` is what `make bench` measures, `TINY` what tests build."""

    name: str
    bulk_series: int
    bulk_points: int
    long_points: int
    json_points: int
    as_of_dates: int
    revisions: int
    documents: int

    @property
    def middle_revision(self) -> int:
        """The revision halfway through the history (50,000 at full scale)."""
        return self.revisions // 2

    @property
    def claims(self) -> int:
        """Distinct claims (stable observation ids), all added in revision 1."""
        return (
            self.bulk_series * self.bulk_points
            + self.long_points
            + self.json_points
            + (self.as_of_dates)
        )


FULL = Scale("full", 50, 20_000, 1_000_000, 1_000, 1_000, 100_000, 1_000)
TINY = Scale("tiny", 2, 30, 40, 10, 5, 12, 4)


@dataclass
class RevisionPlan:
    """One revision: its metadata, what it adds (in the order the writer adds it) and the
    claims it corrects (`{"observation_id": id, "fields": every field of the new version}`)."""

    number: int
    created_at: dt.datetime
    message: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    claims: Iterator[dict[str, Any]] = field(default_factory=lambda: iter(()))
    corrections: list[dict[str, Any]] = field(default_factory=list)


def bulk_series_ids(scale: Scale) -> list[str]:
    """The ids of the many equal series (`XX.bulk_01.synthetic-bench`, …)."""
    return [f"XX.bulk_{n:02d}.{SOURCE_ID}" for n in range(1, scale.bulk_series + 1)]


def revisions(scale: Scale) -> Iterator[RevisionPlan]:
    """Every revision of the database, oldest first; claims are generated lazily."""
    rng = random.Random(42)
    yield _first_revision(scale, rng)
    for number in range(2, scale.revisions + 1):
        message = f"SYNTHETIC benchmark revision {number}: one correction"
        correction = _as_of_correction(scale, rng, number)
        yield RevisionPlan(number, _time(number), message, corrections=[correction])


def as_of_claim_id(scale: Scale, day: int) -> int:
    """The stable id of the as_of series' claim on its `day`-th date (from 0): the writer
    numbers claims in the order they are added, and that series' come last in revision 1."""
    return scale.claims - scale.as_of_dates + 1 + day


def _time(number: int) -> dt.datetime:
    return FIRST_TIME + dt.timedelta(minutes=number)


def _first_revision(scale: Scale, rng: random.Random) -> RevisionPlan:
    source = {"id": SOURCE_ID, "name": "SYNTHETIC benchmark source", "kind": "press"}
    source |= {"homepage": "https://synthetic.invalid/", "description": "Made up; not real."}
    titles = {JSON_SERIES: "JSON scenario", AS_OF_SERIES: "as_of scenario"}
    titles |= {LONG_SERIES: "1,000,000 claims"}
    titles |= {series_id: "bulk" for series_id in bulk_series_ids(scale)}
    return RevisionPlan(
        1,
        _time(1),
        f"SYNTHETIC benchmark data ({scale.name} scale)",
        sources=[source],
        series=[_series(series_id, title) for series_id, title in titles.items()],
        documents=[_document(number) for number in range(scale.documents)],
        claims=_first_claims(scale, rng),
    )


def _series(series_id: str, title: str) -> dict[str, Any]:
    measure = series_id.split(".")[1]
    return {
        "id": series_id,
        "country": "XX",
        "measure": measure,
        "source_id": SOURCE_ID,
        "kind": "stock",
        "unit": "persons",
        "title": f"SYNTHETIC series for the benchmark suite: {title}",
        "method_note": "Generated by bench/suite_data.py; not real data.",
        "licence": "CC0-1.0",
    }


def _document(number: int) -> dict[str, Any]:
    return {
        "url": f"https://synthetic.invalid/suite/{number}",
        "title": f"SYNTHETIC document {number}",
        "publisher": "SYNTHETIC Daily" if number % 2 else "SYNTHETIC benchmark source",
        "published_at": None if number % 10 == 9 else FIRST_DAY + dt.timedelta(days=number),
        "language": "en",
    }


def _first_claims(scale: Scale, rng: random.Random) -> Iterator[dict[str, Any]]:
    for series_id in bulk_series_ids(scale):
        yield from _daily(scale, rng, series_id, scale.bulk_points, FIRST_DAY, 1)
    yield from _daily(scale, rng, LONG_SERIES, scale.long_points, LONG_FIRST_DAY, 2)
    yield from _daily(scale, rng, JSON_SERIES, scale.json_points, FIRST_DAY, 1)
    yield from _daily(scale, rng, AS_OF_SERIES, scale.as_of_dates, FIRST_DAY, 1)


def _daily(
    scale: Scale, rng: random.Random, series_id: str, count: int, first: dt.date, per_day: int
) -> Iterator[dict[str, Any]]:
    """`count` claims, `per_day` a day: a random walk reported by the source itself, and
    (when two a day) by a newspaper that sometimes gets it wrong."""
    level = 1_000
    for number in range(count):
        primary = number % per_day == 0
        level = max(0, level + (rng.randint(-5, 5) if primary else 0))
        value = level if primary or rng.random() < 0.9 else level + rng.randint(1, 9)
        day = first + dt.timedelta(days=number // per_day)
        yield _claim(scale, rng, series_id, day, value, primary)


def _as_of_correction(scale: Scale, rng: random.Random, number: int) -> dict[str, Any]:
    """Revision `number`'s correction of one as_of claim: the source's own report of that
    date, with a new value, qualifier and document, and a quote naming the revision (so
    every correction changes the claim, as `RevisionWriter.correct_observation` demands)."""
    index = (number - 2) % scale.as_of_dates
    day = FIRST_DAY + dt.timedelta(days=index)
    value = 1_000 + rng.randint(-50, 50)
    fields = _claim(scale, rng, AS_OF_SERIES, day, value, True)
    fields["quote"] = f"SYNTHETIC: {value} people held on {day.isoformat()} (revision {number})."
    return {"observation_id": as_of_claim_id(scale, index), "fields": fields}


def _claim(
    scale: Scale, rng: random.Random, series_id: str, day: dt.date, value: int, primary: bool
) -> dict[str, Any]:
    return {
        "series_id": series_id,
        "date": day,
        "date_precision": "day",
        "period_start": None,
        "value": value,
        "qualifier": "exact" if rng.random() < 0.9 else "at_least",
        "status": "reported",
        "is_primary": primary,
        "document_id": rng.randint(1, scale.documents),
        "reported_by": "SYNTHETIC benchmark source" if primary else "SYNTHETIC Daily",
        "quote": f"SYNTHETIC: {value} people held on {day.isoformat()}.",
        "note": None,
        "release_id": None,
    }
