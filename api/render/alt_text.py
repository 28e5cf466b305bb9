"""Text alternatives of the charts: one paragraph a screen reader can read instead."""

from __future__ import annotations

from typing import Any

from api.domain.records import Batch, Claim
from api.render.chart_parts import RevisionStamp, date_words, is_exact, on_line, value_words


def series_summary(series: dict[str, Any], claims: list[Claim], revision: RevisionStamp) -> str:
    """What a series chart shows: span, latest preferred value, disagreements, source."""
    head = f"Chart of {series['title']}"
    if not claims:
        return f"{head}: no claims in the chosen period (revision {revision.id})."
    totals = [c for c in claims if c.preferred and c.part is None] or claims
    latest = totals[-1]
    joined = sum(1 for c in claims if on_line(c))
    apart = sum(1 for c in claims if not is_exact(c))
    disputed = len({str(c.date) for c in claims if c.conflict})
    return (
        f"{head}: {_count(len(claims), 'claim')} from {claims[0].date} to {claims[-1].date}. "
        f"Latest: {value_words(latest.value, latest.qualifier)} on "
        f"{date_words(latest.date, latest.date_precision)}. "
        f"The line joins {_count(joined, 'exact preferred value')}; "
        f"{_count(apart, 'bound or estimate', 'bounds or estimates')} drawn apart. "
        f"{_count(disputed, 'date')} where claims cannot all be true. "
        f"Counted by {series['source_name']}; revision {revision.id}."
    )


def compare_summary(
    series_list: list[dict[str, Any]], claims: list[Claim], revision: RevisionStamp
) -> str:
    """What a comparison shows: each series' latest preferred value."""
    parts = []
    for series in series_list:
        own = [c for c in claims if c.series_id == series["id"] and c.preferred]
        latest = (
            f"latest {value_words(own[-1].value, own[-1].qualifier)} on {own[-1].date}"
            if own
            else "no claims in the period"
        )
        parts.append(f"{series['source_name']}: {latest}")
    return (
        f"Chart comparing {_count(len(series_list), 'series', 'series')}, "
        f"{_count(len(claims), 'claim')} in all. " + "; ".join(parts) + f". Revision {revision.id}."
    )


def releases_summary(batches: list[Batch], revision: RevisionStamp) -> str:
    """What the release-batch chart shows: how many batches, the span, the largest claim."""
    claims = [c for b in batches for c in b.claims]
    if not claims:
        return f"Chart of release batches: none in the chosen period (revision {revision.id})."
    largest = max(claims, key=lambda c: c.value)
    return (
        f"Bar chart of {_count(len(batches), 'release batch', 'release batches')} from "
        f"{batches[0].date} to {batches[-1].date}, each source's claim a bar. "
        f"Largest claim: {value_words(largest.value, largest.qualifier)} released on "
        f"{largest.date}. Revision {revision.id}."
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
