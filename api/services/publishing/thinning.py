"""Charts of at most `max_points` points: beyond the cap, thinned, and the chart says so.

A chart of 63,000 claims takes seconds to draw and tens of megabytes to send, and shows
no more than one of 2,000 would. Beyond the cap (CHART_MAX_POINTS), in this order:

1. only the preferred claim of each date is kept (the line; the other claims of a date
   are what `claims=all` adds);
2. if that is still too many, each series keeps an equal share of the points: the
   preferred claim at the end of each of that many stretches of its dates, the last
   date included, so the latest value is always drawn exactly;
3. a release-batch chart keeps its newest batches.

`note` is the line the chart then carries under its title, and the text alternative too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Thinned:
    """What a chart shows of what it was asked to show."""

    rows: list[Any]  # claims or batches (`api.domain.records`)
    shown: int
    total: int
    how: str

    @property
    def note(self) -> str | None:
        """The line the chart carries when it was thinned, else None."""
        if self.shown == self.total:
            return None
        return f"Thinned to {self.shown:,} of {self.total:,} claims ({self.how}); the data has all."


def thin_claims(claims: list[Any], cap: int) -> Thinned:
    """At most `cap` claims, in their order: preferred only, then evenly spaced per series."""
    total = len(claims)
    if total <= cap:
        return Thinned(claims, total, total, "")
    preferred = [claim for claim in claims if claim.preferred]
    if len(preferred) <= cap:
        return Thinned(preferred, len(preferred), total, "the preferred claim of each date")
    by_series: dict[str, list[Any]] = {}
    for claim in preferred:
        by_series.setdefault(claim.series_id, []).append(claim)
    share = max(1, cap // len(by_series))
    chosen = {id(claim) for rows in by_series.values() for claim in _spaced(rows, share)}
    kept = [claim for claim in preferred if id(claim) in chosen]  # in the order given
    return Thinned(kept, len(kept), total, "the preferred claim at evenly spaced dates")


def thin_batches(batches: list[Any], cap: int) -> Thinned:
    """The newest batches whose claims number at most `cap` (batches come oldest first)."""
    total = sum(len(batch.claims) for batch in batches)
    if total <= cap:
        return Thinned(batches, total, total, "")
    kept: list[Any] = []
    shown = 0
    for batch in reversed(batches):
        if shown + len(batch.claims) > cap:
            break
        kept.append(batch)
        shown += len(batch.claims)
    return Thinned(kept[::-1], shown, total, f"the newest {len(kept):,} batches")


def _spaced(rows: list[Any], share: int) -> list[Any]:
    """`share` rows at even steps, ending with the last row."""
    if len(rows) <= share:
        return rows
    step = len(rows) / share
    picked = {len(rows) - 1 - math.floor(i * step) for i in range(share)}
    return [rows[i] for i in sorted(picked)]


def noted(spec: dict[str, Any], note: str | None, shown: int, total: int) -> dict[str, Any]:
    """The spec with `note` under its title (in every layout) and in its text alternative."""
    if note is None:
        return spec
    layouts = spec.get("usermeta", {}).get("layouts", {})
    for block in [spec.get("title"), *(layout.get("title") for layout in layouts.values())]:
        if isinstance(block, dict):
            subtitle = block.get("subtitle") or []
            block["subtitle"] = [*([subtitle] if isinstance(subtitle, str) else subtitle), note]
    spec["description"] = f"{spec.get('description', '')} {note}".strip()
    spec.setdefault("usermeta", {})["thinned"] = {"shown": shown, "total": total}
    return spec
