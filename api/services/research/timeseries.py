"""Resampling and transforms of a series' preferred claims, done by pandas.

pandas is imported inside the functions that need it, so a worker that never resamples
never loads it.

Each output row is one period: its label (`2024-03`), its end date, the value, how many
claims fell in it, its qualifier and its `bound` (see `api.domain.bounds`). The picked claim
of first/last/min/max keeps its own qualifier. A value computed (summed, averaged,
differenced, accumulated) from bounds or estimates is marked `derived`, and its qualifier is
what its bound says: at least (a lower bound), at most (an upper one), about (approximate).
A value bounded in both directions has no known direction: it is left empty, with the reason
in `empty_reason`, as are a period without claims and a difference with nothing before it.
No row carries a qualifier that its bound contradicts.

What each kind of series allows:

    stock (a level on a date)   aggregation last, first, mean, min, max; transform none, diff,
                                pct_change. Summing levels counts the same people twice.
    flow (a batch of releases)  every aggregation (default sum) and every transform.
    tally (a running total)     aggregation last, first, min, max; transform none, diff,
                                pct_change. Adding running totals counts releases twice,
                                and a diff across two tallies counted from different starts
                                means nothing, so it is left empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from api.domain.bounds import (
    claim_bound,
)
from api.domain.periods import (
    FITS,
    PANDAS_FREQUENCY,
    PRECISION_RANK,
    date_label,
    period_end,
)
from api.domain.records import Claim
from api.domain.vocabulary import QUALIFIERS
from api.errors import InvalidArgument
from api.services.research.transforms import records, transformed

if TYPE_CHECKING:
    import pandas as pd
    from pandas import DataFrame

DEFAULT_AGGREGATION = {"stock": "last", "flow": "sum", "tally": "last"}
ALLOWED_AGGREGATIONS = {
    "stock": ("last", "first", "mean", "min", "max"),
    "flow": ("last", "first", "mean", "min", "max", "sum"),
    "tally": ("last", "first", "min", "max"),
}
ALLOWED_TRANSFORMS = {
    "stock": ("none", "diff", "pct_change"),
    "flow": ("none", "diff", "pct_change", "cumsum"),
    "tally": ("none", "diff", "pct_change"),
}
WHY_NOT = {
    "stock": "a stock is a level on a date; adding levels counts the same people twice",
    "tally": "a tally is a running total; adding or averaging running totals counts releases twice",
}
PICKS = ("first", "last", "min", "max")
Rows = list[dict[str, Any]]
PERIOD_COLUMNS = (
    "period",
    "period_end",
    "value",
    "qualifier",
    "bound",
    "derived",
    "claim_count",
    "empty_reason",
)


@dataclass(frozen=True)
class Resampling:
    """What to do with a series' claims: group by period, aggregate, transform."""

    kind: str
    frequency: str | None = None
    aggregation: str | None = None
    transform: str = "none"
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def how(self) -> str:
        """The aggregation asked for, or the kind's default."""
        return self.aggregation or DEFAULT_AGGREGATION[self.kind]


@dataclass(frozen=True)
class Periods:
    """The rows of a resampled series and how many claims fitted no period."""

    rows: list[dict[str, Any]]
    claims_left_out: int


def check_allowed(spec: Resampling, series_id: str) -> None:
    """Refuse an aggregation or transform that means nothing for the series' kind."""
    if spec.how not in ALLOWED_AGGREGATIONS[spec.kind]:
        reason = f"aggregation={spec.how} is not allowed for {series_id} ({spec.kind}): "
        raise _invalid("aggregation", reason + WHY_NOT[spec.kind])
    if spec.transform not in ALLOWED_TRANSFORMS[spec.kind]:
        detail = f"transform={spec.transform} is for flows only; {series_id} is a {spec.kind}"
        raise _invalid("transform", detail)


def periods(claims: list[Claim], spec: Resampling) -> Periods:
    """Group claims into periods, aggregate each, transform, and keep those in start..end."""
    import pandas as pd

    frame = _claims_frame(pd, claims)
    fits = frame["precision_rank"] <= FITS[spec.frequency]
    left_out = frame[~fits]
    frame = frame[fits]
    if frame.empty:
        return Periods([], _count_in_range(left_out, spec))
    grouped = _aggregate(pd, _with_keys(frame, spec.frequency), spec.how)
    if spec.frequency:
        grouped = _completed(pd, grouped, spec.frequency)
    result = transformed(grouped, spec.transform)
    result = _in_range(result, spec)
    rows = records(result, spec.how, spec.transform, spec.frequency)
    return Periods(rows, _count_in_range(left_out, spec))


def _claims_frame(pd: Any, claims: list[Claim]) -> pd.DataFrame:
    """Claims in time order, with the ranks and bound bits the aggregation needs."""
    columns = ["date", "date_precision", "period_start", "value", "qualifier", "observation_id"]
    rows = [
        (c.date, c.date_precision, c.period_start, c.value, c.qualifier, c.observation_id)
        for c in claims
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        base=pd.to_datetime(frame["period_start"]),
        value=frame["value"].astype("float64"),
        precision_rank=frame["date_precision"].map(PRECISION_RANK),
        qualifier_rank=frame["qualifier"].map(QUALIFIERS.index).astype("float64"),
        bound=pd.Series([claim_bound(c.qualifier, c.status) for c in claims], dtype="int64"),
    )
    order = ["date", "precision_rank", "base", "observation_id"]
    ordered: DataFrame = frame.sort_values(order, na_position="first", kind="stable")
    return ordered


def _with_keys(frame: pd.DataFrame, frequency: str | None) -> pd.DataFrame:
    """Add `key`: the pandas Period of each claim, or (without a frequency) its own date."""
    if frequency:
        return frame.assign(key=frame["date"].dt.to_period(PANDAS_FREQUENCY[frequency]))
    labels = [
        date_label(d.date(), p) for d, p in zip(frame["date"], frame["date_precision"], strict=True)
    ]
    return frame.assign(key=labels)


def _aggregate(pd: Any, frame: pd.DataFrame, how: str) -> pd.DataFrame:
    """One row per key: the picked claim, or the sum or mean with their bookkeeping."""
    groups = frame.groupby("key", sort=False)
    counts = groups.size()
    if how in PICKS:
        picked = _picked(frame, groups, how).set_index("key")
        picked = picked.assign(claim_count=counts, derived=False)
    else:
        picked = _combined(pd, groups, how).assign(claim_count=counts)
        picked = picked.assign(derived=(picked["claim_count"] > 1) & (picked["bound"] != 0))
    columns = ["date", "date_precision", "base", "value", "qualifier_rank", "bound"]
    return picked[[*columns, "claim_count", "derived"]]


def _picked(frame: pd.DataFrame, groups: Any, how: str) -> pd.DataFrame:
    picked: pd.DataFrame
    if how in ("first", "last"):
        picked = groups.head(1) if how == "first" else groups.tail(1)
        return picked
    index = groups["value"].idxmin() if how == "min" else groups["value"].idxmax()
    picked = frame.loc[index.to_numpy()]
    return picked


def _combined(pd: Any, groups: Any, how: str) -> pd.DataFrame:
    """Sum or mean per group; the weakest qualifier; every claim's bound bits."""
    combined = groups.agg(
        date=("date", "first"),
        date_precision=("date_precision", "first"),
        value=("value", how),
        qualifier_rank=("qualifier_rank", "max"),
        bound=("bound", _bitwise_or),
    )
    result: DataFrame = combined.assign(base=pd.NaT)
    return result


def _bitwise_or(bits: pd.Series) -> int:
    result = 0
    for value in bits:
        result |= int(value)
    return result


def _completed(pd: Any, grouped: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """Every period from the first to the last, an empty one with no value and no claims."""
    grouped = grouped.sort_index()
    index = grouped.index
    every = pd.period_range(index.min(), index.max(), freq=PANDAS_FREQUENCY[frequency])
    full = grouped.reindex(every)
    return full.assign(
        claim_count=full["claim_count"].fillna(0).astype("int64"),
        bound=full["bound"].fillna(0).astype("int64"),
        derived=full["derived"].eq(True),
    )


def _in_range(frame: pd.DataFrame, spec: Resampling) -> pd.DataFrame:
    """The periods that overlap start..end (all of them when neither is given)."""
    firsts, ends = _period_bounds(frame, spec.frequency)
    keep = [
        (spec.start is None or end >= spec.start) and (spec.end is None or first <= spec.end)
        for first, end in zip(firsts, ends, strict=True)
    ]
    return frame.assign(first_day=firsts, period_end=ends)[keep]


def _period_bounds(
    frame: pd.DataFrame, frequency: str | None
) -> tuple[list[dt.date], list[dt.date]]:
    if frequency:
        firsts = [p.start_time.date() for p in frame.index]
        return firsts, [p.end_time.date() for p in frame.index]
    firsts = [d.date() for d in frame["date"]]
    ends = [period_end(d, p) for d, p in zip(firsts, frame["date_precision"], strict=True)]
    return firsts, ends


def _count_in_range(claims: pd.DataFrame, spec: Resampling) -> int:
    dates = [d.date() for d in claims["date"]]
    return sum(
        1
        for d in dates
        if (spec.start is None or d >= spec.start) and (spec.end is None or d <= spec.end)
    )


def _invalid(argument: str, detail: str) -> InvalidArgument:
    return InvalidArgument(detail, errors={argument: [detail]})
