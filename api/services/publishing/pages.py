"""What the landing page and a series page show, gathered at one revision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from api.domain.records import Batch, Claim
from api.render.chart_parts import RevisionStamp
from api.services.publishing.charts import (
    Chart,
    ChartQuery,
    ChartSubject,
    build_chart,
    revision_stamp,
    source_names,
)
from api.services.reads.releases import judged_batches
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database

FEATURED_MEASURE = "political_prisoners"
COMPARED_AT_MOST = 5


@dataclass(frozen=True)
class Landing:
    """Every series with its latest preferred claim, the batches, and what to feature."""

    revision: RevisionStamp
    series: list[dict[str, Any]]
    batches: list[Batch]
    featured: str | None
    compared: tuple[str, ...]
    source_names: dict[str, str]


@dataclass(frozen=True)
class SeriesPage:
    """One series: its chart (every claim), latest claim, disputed dates, batches."""

    chart: Chart
    latest: Claim | None
    disputes: list[list[Claim]]
    batches: list[Batch]

    @property
    def series(self) -> dict[str, Any]:
        """The series' metadata."""
        return self.chart.series[0]


def landing(db: Database, as_of: str | None, featured: str | None = None) -> Landing:
    """The landing page's content at the asked revision; `featured` is the series to show
    first when it has claims then (else the stock series with the most dated claims)."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        series = catalog_queries.series_at(session, revision)
        judged = claim_queries.current_claims(session, ClaimFilter(revision))
        preferred = claim_queries.page(judged, True, 0, None)
        batches = judged_batches(session, revision, {})
        stamp = revision_stamp(session, revision, as_of)
        names = source_names(session, revision)
    rows = _with_latest(series, preferred)
    chosen, compared = _featured(rows, featured)
    return Landing(stamp, rows, batches, chosen, compared, names)


def series_page(db: Database, series_id: str, as_of: str | None) -> SeriesPage:
    """A series page's content at the asked revision (404 if the series is unknown)."""
    query = ChartQuery(as_of=as_of, width=None)
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        chart = build_chart(session, ChartSubject("series", (series_id,)), query, revision)
        release_ids = {c.release_id for c in chart.claims if c.release_id}
        batches = [b for b in judged_batches(session, revision, {}) if b.release_id in release_ids]
    for batch in batches:  # the batch's judgement stays over every source's claims
        batch.claims = [c for c in batch.claims if c.series_id == series_id]
    preferred = [c for c in chart.claims if c.preferred and c.part is None]
    latest = preferred[-1] if preferred else None
    return SeriesPage(chart, latest, _disputes(chart.claims), batches)


def _with_latest(series: list[dict[str, Any]], preferred: list[Claim]) -> list[dict[str, Any]]:
    latest: dict[str, Claim] = {}
    counts: Counter[str] = Counter()
    disputed: Counter[str] = Counter()
    for claim in preferred:  # in date order: the last one seen is the latest
        if claim.part is not None:
            continue
        latest[claim.series_id] = claim
        counts[claim.series_id] += 1
        disputed[claim.series_id] += claim.conflict
    return [
        {
            **s,
            "latest": latest.get(s["id"]),
            "dates": counts[s["id"]],
            "disputed": disputed[s["id"]],
        }
        for s in series
    ]


def _featured(rows: list[dict[str, Any]], wanted: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The featured stock series, and the best-covered of its country to compare it with."""
    stocks = [r for r in rows if r["measure"] == FEATURED_MEASURE and r["dates"]]
    stocks.sort(key=lambda r: (r["id"] != wanted, -r["dates"], r["id"]))
    if not stocks:
        return None, ()
    country = stocks[0]["country"]  # counts of different countries are not compared
    same = [r["id"] for r in stocks if r["country"] == country][:COMPARED_AT_MOST]
    return stocks[0]["id"], (tuple(same) if len(same) > 1 else ())


def _disputes(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by date (and part), for the groups whose claims cannot all be true."""
    groups: dict[tuple[Any, ...], list[Claim]] = {}
    for claim in claims:
        if claim.conflict:
            key = (claim.date, claim.date_precision, claim.period_start, claim.part)
            groups.setdefault(key, []).append(claim)
    return list(groups.values())
