"""The vocabulary of the data model, shared by storage, schemas and the dataset loader."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

SOURCE_KINDS: Final = (
    "human_rights_org",
    "state_media",
    "government",
    "press",
    "politician",
    "international_org",
)
# How a series' numbers combine over time: a stock is held on a date, a flow leaves in a
# batch, a tally counts over a stated period (never to be added to batch figures).
SERIES_KINDS: Final = ("stock", "flow", "tally")
# Ordered from the strongest statement to the weakest.
QUALIFIERS: Final = ("exact", "at_least", "more_than", "at_most", "almost", "about")
STATUSES: Final = ("reported", "estimate", "provisional")
# How a value was read when the quote does not write it: added up from the quote's numbers,
# counted from the people it names, or read through an evident misprint.
COUNTED: Final = ("sum", "names", "misprint")
# A curator's judgement of a claim in its group.
CURATOR_MARKS: Final = ("preferred", "disputed")
DATE_PRECISIONS: Final = ("day", "month", "year")
# Names of the countries the data set covers, for pages (ids stay ISO 3166 alpha-2 codes).
COUNTRY_NAMES: Final = {
    "BY": "Belarus",
    "CU": "Cuba",
    "MM": "Myanmar",
    "RU": "Russia",
    "VE": "Venezuela",
}
# Names and titles are English in `name`/`title`; other languages live beside them, keyed by
# a BCP 47 language tag (`be`, `ru`, `my`, `be-tarask`).
DEFAULT_LANGUAGE: Final = "en"
LANGUAGE_TAG: Final = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

# How a partial date is written, for the API's documentation of `date`, `start` and `end`.
PARTIAL_DATE_FORM: Final = {
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "examples": ["2025-11-22", "2025-11", "2025"],
}
_DATE_FORMS: Final = (  # ASCII digits only: `\d` would take ２０２５ and other scripts' digits
    (re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "day"),
    (re.compile(r"^[0-9]{4}-[0-9]{2}$"), "month"),
    (re.compile(r"^[0-9]{4}$"), "year"),
)


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Read `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as (first day of the period, precision)."""
    text = text.strip()
    for pattern, precision in _DATE_FORMS:
        if pattern.match(text):
            parts = [int(p) for p in text.split("-")] + [1, 1]
            return dt.date(parts[0], parts[1], parts[2]), precision
    raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")


def reads_as_time(text: str) -> bool:
    """Whether `text` reads as an ISO 8601 time (so it cannot name a tag)."""
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_whole_number(text: str) -> bool:
    """ASCII digits only (`str.isdigit` also accepts '²' and other digits int() refuses)."""
    return bool(re.fullmatch(r"[0-9]+", text))


def series_key(country: str, measure: str, source_id: str) -> str:
    """The series id `{country}.{measure}.{source}`."""
    return f"{country}.{measure}.{source_id}"


# Time-series vocabulary (resampling, transforms, views), in the order the docs list them.
FREQUENCIES: Final = ("D", "W", "M", "Q", "Y")
AGGREGATIONS: Final = ("last", "first", "mean", "min", "max", "sum")
TRANSFORMS: Final = ("none", "diff", "pct_change", "cumsum")
SERIES_VIEWS: Final = ("current", "first_release")
SUMMARY_GROUPS: Final = ("month", "year", "source", "mechanism")
CITATION_STYLES: Final = ("apa", "bibtex", "ris", "csl-json")
COMPARE_MAX_SERIES: Final = 20  # series one comparison aligns
CHART_THEMES: Final = ("light", "dark")
