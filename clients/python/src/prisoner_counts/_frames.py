"""CSV and JSON answers as pandas frames, each column typed by its NAME, never its position.

The service appends new columns at the end of its CSVs from time to time; a column this
module does not know gets a safe guess from its cells (booleans, whole numbers, other
numbers, else text), so a new column never breaks a frame. Known columns:

- dates (`date`, `published_at`, `period_end`, any `*_date`, `*_at`) → `datetime64[ns]`;
  times of day (`created_at`) → `datetime64[ns, UTC]` (the service writes UTC; a time
  without a zone, as the data package writes it, is read as UTC);
- counts and ids (`value`, `observation_id`, `revision`, …) → nullable `Int64`
  (`Float64` when a computed value is fractional: a mean, a `pct_change`);
- flags (`primary`, `preferred`, `conflict`, `batch_conflict`, `derived`, …) → nullable
  `boolean`;
- vocabularies (`qualifier`, `date_precision`, `status`, `bound`, `preferred_by`,
  `counted`, `curator_mark`, …) → categorical, in
  the documented order, with any value the service adds later appended;
- `names`, `titles` (JSON objects in the data package) → dicts; all other text, and
  `conflict_with` (the ids of the disagreeing claims, space-separated), → `string`.

Text cells of a CSV that start like a spreadsheet formula carry one apostrophe in front
(the service's formula neutralisation); frames hold the original text without it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import pandas as pd

Kind = Literal["date", "int", "bool", "category", "string", "json", "auto"]

QUALIFIERS = ("exact", "at_least", "more_than", "at_most", "almost", "about")
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "qualifier": QUALIFIERS,
    "date_precision": ("day", "month", "year"),
    "claim_date_precision": ("day", "month", "year"),
    "status": ("reported", "estimate", "provisional"),
    "bound": ("lower", "upper", "approximate", "indeterminate"),
    "counted": ("sum", "names", "misprint"),
    "curator_mark": ("preferred", "disputed"),
    "preferred_by": (
        "only_claim",
        "curator",
        "own_publication",
        "qualifier",
        "latest_published",
        "latest_recorded",
    ),
    "batch_preferred_by": (
        "only_claim",
        "curator",
        "own_publication",
        "qualifier",
        "latest_published",
        "latest_recorded",
    ),
    "kind": ("stock", "flow", "tally"),
    "source_kind": (),
    "country": (),
    "category": (),
    "mechanism": (),
    "measure": (),
    "unit": (),
    "language": (),
}
KINDS: dict[str, Kind] = {
    **{name: "category" for name in VOCABULARIES},
    **dict.fromkeys(("date", "period_start", "period_end", "created_at"), "date"),
    **dict.fromkeys(
        (
            "value",
            "observation_id",
            "revision",
            "revision_id",
            "document_id",
            "version",
            "added_in",
            "removed_in",
            "created_in",
            "total",
            "claim_count",
            "batch_count",
            "claims_added",
            "claims_corrected",
            "claims_removed",
            "claims_left_out",
        ),
        "int",
    ),
    **dict.fromkeys(
        (
            "primary",
            "preferred",
            "conflict",
            "batch_conflict",
            "derived",
            "series_changed",
            "mirror",
        ),
        "bool",
    ),
    **dict.fromkeys(("names", "titles"), "json"),
    **dict.fromkeys(
        (
            "period",
            "tags",
            "release_ids",
            "conflict_with",
            "message",
            "author",
            "changeset",
            "quote",
            "note",
            "part",
            "curator_reason",
        ),
        "string",
    ),
}
_FORMULA = re.compile(r"^'(?='*[=+\-@\t\r])")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def kind_of(name: str, extra: Mapping[str, Kind] | None = None) -> Kind:
    """How a column is typed, by its name alone."""
    if extra and name in extra:
        return extra[name]
    if name in KINDS:
        return KINDS[name]
    if name.endswith(".qualifier"):  # /v1/compare: `<series id>.qualifier`
        return "category"
    if name.endswith(("_date", "_at")):
        return "date"
    if name.endswith(("_count", "_ids")):
        return "int" if name.endswith("_count") else "string"
    return "auto"


def from_csv(text: str, extra: Mapping[str, Kind] | None = None) -> pd.DataFrame:
    """A CSV answer as a typed frame (every cell read as text first, empty as missing)."""
    if not text.strip():
        return pd.DataFrame()
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    cells = {
        str(name): [_restore(v) if v else None for v in raw[name].tolist()] for name in raw.columns
    }
    return typed(cells, len(raw), extra, textual=True)


def from_records(
    records: Iterable[Mapping[str, Any]], extra: Mapping[str, Kind] | None = None
) -> pd.DataFrame:
    """JSON records (the `data` of an answer) as a typed frame, columns in first-seen order."""
    rows = list(records)
    names = list(dict.fromkeys(name for row in rows for name in row))
    cells = {name: [row.get(name) for row in rows] for name in names}
    return typed(cells, len(rows), extra)


def typed(
    cells: Mapping[str, list[Any]],
    length: int,
    extra: Mapping[str, Kind] | None = None,
    textual: bool = False,
) -> pd.DataFrame:
    """Every column (a list of cells, None for missing) converted by its name, in order.

    `textual`: the cells are CSV text, so an unknown column's type is guessed from what the
    text reads as; JSON values carry their own types.
    """
    columns = {
        name: convert(values, kind_of(name, extra), name, textual) for name, values in cells.items()
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(length))


def convert(values: list[Any], kind: Kind, name: str = "", textual: bool = True) -> pd.Series:
    """One column of text or JSON values as `kind`; text it cannot read stays text."""
    present = [v for v in values if v is not None]
    if kind == "auto":
        kind = _guess(present, textual)
    try:
        return pd.Series(_CONVERTERS[kind](values, present, name), name=name)
    except (ValueError, TypeError, OverflowError):
        return pd.Series(_text(values, present, name), name=name)


def _guess(present: list[Any], textual: bool) -> Kind:
    """The kind of a column this module does not know, from its cells."""
    if not present:
        return "string"
    if textual:  # CSV text
        if all(v in ("true", "false") for v in present):
            return "bool"
        return "int" if all(_NUMBER.match(v) for v in present) else "string"
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "int"  # whole numbers as Int64, else Float64
    return "string" if all(isinstance(v, str) for v in present) else "json"


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(_INTEGER.match(value)))


def _date(values: list[Any], present: list[Any], name: str) -> Any:
    """Dates as naive datetimes; times of day (the service writes UTC) as UTC."""
    if any(not isinstance(v, str) for v in present):
        raise TypeError(f"{name}: not ISO 8601 text")
    timed = any("T" in v for v in present)
    moments = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601", utc=timed)
    return moments.astype("datetime64[ns, UTC]" if timed else "datetime64[ns]")


def _int(values: list[Any], present: list[Any], name: str) -> Any:
    if all(_is_integer(v) for v in present):
        return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
    if any(isinstance(v, bool) for v in present):
        raise TypeError(f"{name}: not numbers")
    return pd.array([None if v is None else float(v) for v in values], dtype="Float64")


def _bool(values: list[Any], present: list[Any], name: str) -> Any:
    table = {"true": True, "false": False, True: True, False: False}
    if any(not isinstance(v, str | bool) or v not in table for v in present):
        raise ValueError(f"{name}: not true/false")
    return pd.array([None if v is None else table[v] for v in values], dtype="boolean")


def _category(values: list[Any], present: list[Any], name: str) -> Any:
    known = VOCABULARIES.get(name.rsplit(".", 1)[-1], ())
    extra = sorted({str(v) for v in present} - set(known))
    texts = [None if v is None else str(v) for v in values]
    return pd.Categorical(texts, categories=[*known, *extra])


def _text(values: list[Any], present: list[Any], name: str) -> Any:
    if any(not isinstance(v, str) for v in present):
        return pd.Series(values, dtype=object)
    return pd.array(values, dtype="string")


def _json(values: list[Any], present: list[Any], name: str) -> Any:
    decoded = [json.loads(v) if isinstance(v, str) else v for v in values]
    return pd.Series(decoded, dtype=object)


_CONVERTERS: dict[str, Callable[[list[Any], list[Any], str], Any]] = {
    "date": _date,
    "int": _int,
    "bool": _bool,
    "category": _category,
    "string": _text,
    "json": _json,
}


def _restore(value: Any) -> Any:
    """Undo the service's formula neutralisation: one leading apostrophe, where it added one."""
    return _FORMULA.sub("", value) if isinstance(value, str) else value
