"""Curation checks over the shipped changesets, and the curation report.

The checks find curation errors before they reach a database: a quote that does not hold
its number, an invalid or future date, a claim without a document address, a primary flag
that the publisher contradicts, identical claims, a release claim without its batch, a
reference to an unknown series or source. `make test` fails on any finding;
`prisoner-counts datasets check` prints them with the report (counts per series, months
without a claim, conflicts, dates resting on mirrors only).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.domain.vocabulary import is_whole_number, parse_partial_date
from datasets.loader import CHANGESETS, changesets
from datasets.rows import RowError, name_fields

_GROUPED = re.compile(r"(?<!\d)\d{1,3}(?:(?:[,.\u00a0\u202f\u2009'’]\s?|\s)\d{3})+(?!\d)")
# Number words (and their stems) in the languages of the quotes.
_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|dozen|"
    r"один|два|две|двух|три|трёх|четыр|пят|шест|сем|восем|девят|десят|сорок|сто|сот|тыс|"
    r"дзв|чатыр|дзесяц|дзевяц|"
    r"jeden|dwa|dwie|trzy|czter|pię|sześ|szes|siedem|osiem|dziewię|dziesię|naście|nast|dzieści|dziest|tysi|"
    r"dva|dve|tri|četir|pet|šest|sedam|osam|devet|deset)"
    # Italian and Portuguese words only whole ("sette" begins "settembre"), and none that
    # is also an English word ("due").
    r"|\b(quattro|cinque|sette|otto|nove|dieci|venti|trenta|cento|mille|mila|"
    r"dois|duas|três|quatro|seis|sete|oito|vinte|trinta)\b",
    re.IGNORECASE,
)
# A number-like token: digits with separators, possibly misplaced ("2,1474").
_TOKEN = re.compile(r"\d[\d,.\u00a0\u202f\u2009'’ ]*\d|\d")
_MIRROR = re.compile(r"mirror|copy|republi|hosted|syndicat|aggregat|reprint", re.IGNORECASE)


@dataclass
class Shipped:
    """Every row of every changeset, in order."""

    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    series: dict[str, dict[str, str]] = field(default_factory=dict)
    documents: dict[str, dict[str, str]] = field(default_factory=dict)
    releases: dict[str, dict[str, str]] = field(default_factory=dict)
    claims: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    names: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def read_shipped(root: Path = CHANGESETS) -> Shipped:
    """The rows of all changesets; `claims` carry `changeset/file line` as their place."""
    shipped = Shipped()
    for changeset in changesets(root):
        for table, key, target in (
            ("sources", "id", shipped.sources),
            ("series", "id", shipped.series),
            ("documents", "url", shipped.documents),
            ("releases", "release_id", shipped.releases),
        ):
            target.update({row[key]: row for _, row in changeset.table(table)})
        for line, row in changeset.table("observations"):
            shipped.claims.append((f"{changeset.name}/observations.csv line {line}", row))
        for line, row in changeset.table("names"):
            shipped.names.append((f"{changeset.name}/names.csv line {line}", row))
    return shipped


def holds_number(quote: str, value: int) -> bool:
    """The quote holds the number: as digits (thousands separators allowed) or in words."""
    joined = _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(0)), quote)
    if re.search(rf"(?<!\d){value}(?!\d)", joined):
        return True
    return bool(_WORDS.search(quote))


def holds_misprinted(quote: str, value: int) -> bool:
    """The quote writes the number's digits in order with a misplaced separator ("2,1474")."""
    return any(re.sub(r"\D", "", token) == str(value) for token in _TOKEN.findall(quote))


def findings(shipped: Shipped, today: dt.date | None = None) -> list[str]:
    """Every curation error, as `place: problem` lines (empty when all is well)."""
    today = today or dt.date.today()
    problems: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for place, row in shipped.claims:
        problems += [f"{place}: {p}" for p in _claim_problems(shipped, row, today)]
        key = tuple(row.get(c, "") for c in ("series_id", "date", "value", "document_url", "quote"))
        if row.get("counted") == "names":  # one quote naming two people: two claims of 1
            key += (row.get("note", ""),)
        if key in seen:
            problems.append(f"{place}: identical to {seen[key]}")
        seen.setdefault(key, place)
    for series_id, series in shipped.series.items():
        if series["source_id"] not in shipped.sources:
            problems.append(f"series {series_id}: unknown source {series['source_id']}")
    for place, row in shipped.names:
        problems += [f"{place}: {p}" for p in _name_problems(shipped, row)]
    return problems


def _name_problems(shipped: Shipped, row: dict[str, str]) -> Iterable[str]:
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


def _claim_problems(shipped: Shipped, row: dict[str, str], today: dt.date) -> Iterable[str]:
    if not is_whole_number(row["value"]):
        yield f"value {row['value']!r} is not a whole number"
    elif row.get("counted") == "names":
        pass  # the value counts the people the quote names; no number is written
    elif row.get("counted") == "misprint":
        if not holds_misprinted(row["quote"], int(row["value"])):
            yield f"the quote holds no misprint of the number {row['value']}"
    elif row.get("counted"):
        yield f"counted {row['counted']!r} is not empty, names or misprint"
    elif not holds_number(row["quote"], int(row["value"])):
        yield f"the quote does not hold the number {row['value']}"
    yield from _date_problems(row, today)
    document = shipped.documents.get(row["document_url"])
    if not row["document_url"].startswith(("http://", "https://")) or document is None:
        yield f"no document with the address {row['document_url']!r}"
    series = shipped.series.get(row["series_id"])
    if series is None:
        yield f"unknown series {row['series_id']}"
    elif document is not None:
        yield from _primary_problems(row, series, shipped, document)
    if row.get("release_id") and row["release_id"] not in shipped.releases:
        yield f"release {row['release_id']} does not exist"


def _date_problems(row: dict[str, str], today: dt.date) -> Iterable[str]:
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


def _primary_problems(
    row: dict[str, str], series: dict[str, str], shipped: Shipped, document: dict[str, str]
) -> Iterable[str]:
    """A primary claim's document is published by the counting source (name or web site)."""
    if row.get("primary") != "true":
        return
    source = shipped.sources.get(series["source_id"], {})
    if not _published_by(source, document):
        yield (
            f"primary, but {document['url']} is published by {document.get('publisher')!r}, "
            f"not by {source.get('name')!r}"
        )


def _published_by(source: dict[str, str], document: dict[str, str]) -> bool:
    publisher = (document.get("publisher") or "").lower()
    names = {source.get("id", ""), *_words(source.get("name", ""))}
    if any(name and name in publisher for name in names if len(name) > 2):
        return True
    home = _host(source.get("homepage") or "")
    return bool(home) and _host(document["url"]).endswith(home)


def _words(name: str) -> set[str]:
    cleaned = re.sub(r"[^\w\s-]", " ", name.lower())
    return {cleaned.strip(), *(w for w in cleaned.split() if len(w) > 3)}


def _host(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].rstrip(".").lower()
    return host.removeprefix("www.")


def report(shipped: Shipped) -> list[str]:
    """The curation report: counts per series, months without a claim, conflicts, mirrors."""
    lines = ["claims per series:"]
    per_series = Counter(row["series_id"] for _, row in shipped.claims)
    lines += [f"  {count:5d}  {series_id}" for series_id, count in sorted(per_series.items())]
    lines += ["months without a claim (stock series, between first and last claim):"]
    lines += [f"  {series_id}: {', '.join(gaps)}" for series_id, gaps in _gaps(shipped).items()]
    lines += ["dates where claims disagree:"]
    lines += [f"  {item}" for item in _conflicts(shipped)]
    lines += ["dates resting on mirrors and republications only:"]
    lines += [f"  {item}" for item in _mirror_only(shipped)]
    return lines


def _gaps(shipped: Shipped) -> dict[str, list[str]]:
    months: dict[str, set[str]] = defaultdict(set)
    for _, row in shipped.claims:
        series = shipped.series.get(row["series_id"], {})
        if series.get("kind") == "stock" and len(row["date"]) >= 7:
            months[row["series_id"]].add(row["date"][:7])
    gaps = {}
    for series_id, present in sorted(months.items()):
        missing = [m for m in _month_range(min(present), max(present)) if m not in present]
        if missing:
            gaps[series_id] = missing
    return gaps


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _groups(shipped: Shipped) -> dict[tuple[str, str, str], list[dict[str, str]]]:
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for _, row in shipped.claims:
        groups[(row["series_id"], row["date"], row.get("period_start", ""))].append(row)
    return groups


def _conflicts(shipped: Shipped) -> list[str]:
    out = []
    for (series_id, date, _), rows in sorted(_groups(shipped).items()):
        values = sorted({int(r["value"]) for r in rows if is_whole_number(r["value"])})
        if len(values) > 1:
            out.append(f"{series_id} {date}: {', '.join(map(str, values))}")
    return out


def _mirror_only(shipped: Shipped) -> list[str]:
    out = []
    for (series_id, date, _), rows in sorted(_groups(shipped).items()):
        if all(r.get("primary") != "true" and _MIRROR.search(r.get("note", "")) for r in rows):
            out.append(f"{series_id} {date}")
    return out


def summary(shipped: Shipped) -> dict[str, Any]:
    """Totals for the report's first line."""
    return {
        "changesets": len(changesets()),
        "claims": len(shipped.claims),
        "series": len(shipped.series),
        "sources": len(shipped.sources),
        "documents": len(shipped.documents),
        "releases": len(shipped.releases),
    }
