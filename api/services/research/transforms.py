"""Transforms of a resampled series, and its rows: qualifiers that never contradict bounds.

A difference, a change or a running total of values with bounds has a bound of its own
(`api.domain.bounds`): subtracting flips a bound's direction, adding keeps it. Its qualifier
says exactly what that bound says. A value bounded both ways is left empty, with the reason,
as are a difference with nothing before it and a change from zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.domain.bounds import BOUND_BITS, INDETERMINATE_REASON, bound_name, flipped, qualifier_of
from api.domain.periods import period_label
from api.domain.vocabulary import QUALIFIERS

if TYPE_CHECKING:
    import pandas as pd

NO_CLAIM = "no claim fell in the period"
NOTHING_BEFORE = "no value in the period before to compare with"
ZERO_BEFORE = "the period before is 0: a change from 0 has no ratio"
OTHER_BASE = "the tallies were counted from different starts"


def transformed(frame: pd.DataFrame, transform: str) -> pd.DataFrame:
    """Apply diff, pct_change or cumsum, carrying qualifiers and bounds along."""
    if transform == "none":
        return frame
    if transform == "cumsum":
        return _cumulated(frame)
    before = frame.shift(1)
    same_base = (frame["base"] == before["base"]) | (frame["base"].isna() & before["base"].isna())
    if transform == "diff":
        value = frame["value"] - before["value"]
    else:
        value = frame["value"] / before["value"].where(before["value"] != 0) - 1
    bound = frame["bound"] | before["bound"].fillna(0).astype("int64").map(flipped)
    reason: list[Any] = [
        _transform_gap(now, then, same, transform)
        for now, then, same in zip(frame["value"], before["value"], same_base, strict=True)
    ]
    return frame.assign(
        value=value.where(same_base),
        reason=reason,
        qualifier_rank=frame[["qualifier_rank"]]
        .assign(before=before["qualifier_rank"])
        .max(axis=1, skipna=False),
        bound=bound,
        derived=bound != 0,
    )


def _transform_gap(now: float, then: float, same_base: bool, transform: str) -> str | None:
    """Why a difference or change cannot be computed (None when it can)."""
    if now != now:  # NaN
        return NO_CLAIM
    if then != then:
        return NOTHING_BEFORE
    if not same_base:
        return OTHER_BASE
    return ZERO_BEFORE if then == 0 and transform == "pct_change" else None


def _cumulated(frame: pd.DataFrame) -> pd.DataFrame:
    """Running totals; a running total is as weak as the weakest claim in it so far."""
    seen = [(frame["bound"] & bit).astype(bool).cummax() * bit for bit in BOUND_BITS]
    bound = seen[0] | seen[1] | seen[2]
    return frame.assign(
        value=frame["value"].cumsum(),
        qualifier_rank=frame["qualifier_rank"].cummax(),
        bound=bound,
        derived=bound != 0,
    )


def records(
    frame: pd.DataFrame, how: str, transform: str, frequency: str | None
) -> list[dict[str, Any]]:
    as_float = how == "mean" or transform == "pct_change"
    return [
        _record(key, row, frequency, as_float)
        for key, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    ]


def _record(key: Any, row: Any, frequency: str | None, as_float: bool) -> dict[str, Any]:
    bits, known = int(row.bound), row.value == row.value  # NaN: no value
    derived = bool(row.derived) and known
    qualifier = None if not known else (qualifier_of(bits) if derived else _own(row))
    reason = (
        _empty_reason(row) if not known else (INDETERMINATE_REASON if qualifier is None else None)
    )
    value = None if reason else (float(row.value) if as_float else int(row.value))
    return {
        "period": period_label(key, frequency),
        "period_end": row.period_end,
        "value": value,
        "qualifier": None if reason else qualifier,
        "bound": bound_name(bits) if known else None,
        "derived": derived,
        "claim_count": int(row.claim_count),
        "empty_reason": reason,
    }


def _own(row: Any) -> str | None:
    """A picked claim's own qualifier, unless it is an estimate (then: about)."""
    qualifier = QUALIFIERS[int(row.qualifier_rank)]
    return qualifier_of(int(row.bound)) if int(row.bound) & BOUND_BITS[2] else qualifier


def _empty_reason(row: Any) -> str:
    """Why a period has no value: no claim, or the transform's reason."""
    reason = getattr(row, "reason", None)
    return reason if isinstance(reason, str) and row.claim_count else NO_CLAIM
