"""Series that mix two measures, found where a quote's wording says which one it counts.

The wording of a claim is the part of its sentence around its number (from the number before
it to the number after it, so "AAPP has confirmed 4,075, with only 1,199 identified" gives
"identified" to 1,199 and not to 4,075). Two kinds of wording mark a measure of its own:

- `identified`: a count of people identified or confirmed by name, the word after the number
  ("1,199 identified", "480 have been confirmed by name", "confirmed 43 identities"), beside
  counts that are not; "have identified 1,244 political prisoners" (recognised as such) and
  "78 sentences were identified" (things found) are not;
- `cumulative`: a running total since a year ("detained since 2014", "desde 2014",
  "с 2014 года") in a stock or flow series, beside counts of the moment or of one batch;
  a change since a year ("increased eight times since 2015, with over 400") is not.

A series where some claims carry such wording and others do not is a finding: the wording's
claims belong in a measure (or part) of their own. A tally series is cumulative by definition
and is not checked for the second kind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from datasets.checks.numbers import Number, numbers_in

_IDENTIFIED: Final = re.compile(
    r"\bidentified\b|\bidentit(?:y|ies)\b|\bby name\b|\bidentificad[oa]s\b|\bpor nombre\b|"
    r"поимённо|поименно",
    re.IGNORECASE,
)
# What was identified when it is not people: "78 sentences were identified".
_THINGS: Final = re.compile(
    r"\b(?:sentences|verdicts|cases|detentions|arrests|incidents|events|trials)\b", re.IGNORECASE
)
_SINCE: Final = re.compile(
    r"\b(?:since|desde|seit|od|nuo|с|з|ад)\s+(?:[^\W\d]+\s+){0,3}(?:19|20)\d\d\b", re.IGNORECASE
)
# "increased more than eight times since 2015": a change since a year, not a count since it.
_GROWTH: Final = re.compile(
    r"\b(?:increased|grown|grew|risen|rose|doubled|tripled|times|fold|aumentad[oa]|crecid[oa]|"
    r"вырос\w*|увеличил\w*)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?;])\s+")
_CLAUSE: Final = re.compile(r"[,;:]")
Claim = tuple[str, dict[str, str], list[str]]
Wording = tuple[str, int, int]  # the text around a number, and the number's place in it


def _identified(text: str, start: int, end: int) -> str | None:
    """A count of people identified by name: the word follows the number, no thing between."""
    for match in _IDENTIFIED.finditer(text, end):
        if not _THINGS.search(text, end, match.start()):
            return match.group()
    return None


def _cumulative(text: str, start: int, end: int) -> str | None:
    """A running total since a year, unless the year dates a change ("grew … since 2015")."""
    for match in _SINCE.finditer(text):
        if not _GROWTH.search(text[: match.start()]):
            return match.group()
    return None


MARKERS: Final[dict[str, Callable[[str, int, int], str | None]]] = {
    "identified": _identified,
    "cumulative": _cumulative,
}


def wordings(quote: str, value: int, languages: Iterable[str]) -> list[Wording]:
    """The text around each place the quote writes the claim's number."""
    numbers = numbers_in(quote, languages)
    since = [m.span() for m in _SINCE.finditer(quote)]
    bounds = [n for n in numbers if not any(s <= n.start and n.end <= e for s, e in since)]
    return [_around(quote, bounds, n) for n in bounds if n.value == value]


def _around(quote: str, numbers: list[Number], number: Number) -> Wording:
    """The words of the number's own clause: a marker written after an earlier number of the
    sentence, before the clause ends ("18.486 detenciones desde 2014, con 45 …"), is that
    number's, not this one's."""
    before = [n.end for n in numbers if n.end <= number.start]
    start = max(before + [_sentence_start(quote, number)])
    if before and start == max(before):
        clause = _CLAUSE.search(quote, start, number.start)
        start = clause.end() if clause else start
    ends = [n.start for n in numbers if n.start >= number.end]
    end = min(ends + [_sentence_end(quote, number)])
    return quote[start:end], number.start - start, number.end - start


def _sentence_start(quote: str, number: Number) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(quote, 0, number.start)]
    return max(starts, default=0)


def _sentence_end(quote: str, number: Number) -> int:
    match = _SENTENCE_END.search(quote, number.end)
    return match.start() if match else len(quote)


def _marked(found: list[Wording], marker: str) -> str | None:
    for text, start, end in found:
        word = MARKERS[marker](text, start, end)
        if word:
            return word
    return None


def mixed_measures(claims: Iterable[Claim], kinds: dict[str, str]) -> Iterator[str]:
    """A finding for each claim whose wording marks a measure its series' other claims lack."""
    per_series: dict[str, list[tuple[str, list[Wording]]]] = defaultdict(list)
    for place, row, languages in claims:
        value = int(row["value"]) if row["value"].isdigit() else -1
        per_series[row["series_id"]].append((place, wordings(row["quote"], value, languages)))
    for series_id, rows in sorted(per_series.items()):
        for marker in MARKERS:
            if marker == "cumulative" and kinds.get(series_id) == "tally":
                continue
            marked = [(place, _marked(found, marker)) for place, found in rows]
            hits = [(place, word) for place, word in marked if word]
            if hits and len(hits) < len(rows):
                others = len(rows) - len(hits)
                for place, word in hits:
                    yield (
                        f"{place}: its wording ({word!r}) marks a {marker} count, beside {others} "
                        f"claim(s) of {series_id} that do not say so: two measures in one series"
                    )
