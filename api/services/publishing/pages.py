"""What the landing page and a series page show, gathered at one revision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from api.render.chart_parts import RevisionStamp
from api.services.publishing.charts import (
    Chart,
    ChartQuery,
    ChartSubject,
    build_chart,
    revision_stamp,
)
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, observation_queries
from api.storage.db import Database
from api.storage.observation_queries import ClaimFilter

FEATURED_MEASURE = "political_prisoners"
COMPARED_AT_MOST = 5


@dataclass(frozen=True)
class Landing:
    """Every series with its latest preferred claim, the batches, and what to feature."""

    revision: RevisionStamp
    series: list[dict[str, Any]]
    batches: list[dict[str, Any]]
    featured: str | None
    compared: tuple[str, ...]


@dataclass(frozen=True)
class SeriesPage:
    """One series: its chart (every claim), latest claim, disputed dates, batches."""

    chart: Chart
    latest: dict[str, Any] | None
    disputes: list[list[dict[str, Any]]]
    batches: list[dict[str, Any]]

    @property
    def series(self) -> dict[str, Any]:
        """The series' metadata."""
        return self.chart.series[0]


def landing(db: Database, as_of: str | None) -> Landing:
    """The landing page's content at the asked revision."""
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        series = catalog_queries.series_at(session, revision)
        preferred = observation_queries.claims_page(
            session, ClaimFilter(revision), preferred_only=True, offset=0, limit=None
        )
        batches = observation_queries.releases_at(session, revision, {})
        stamp = revision_stamp(session, revision, as_of)
    rows = _with_latest(series, preferred)
    featured, compared = _featured(rows)
    return Landing(stamp, rows, batches, featured, compared)


def series_page(db: Database, series_id: str, as_of: str | None) -> SeriesPage:
    """A series page's content at the asked revision (404 if the series is unknown)."""
    query = ChartQuery(as_of=as_of, width=None)
    with db.read() as session:
        revision = resolve_as_of(session, as_of)
        chart = build_chart(session, ChartSubject("series", (series_id,)), query, revision)
        release_ids = {c["release_id"] for c in chart.claims if c["release_id"]}
        batches = [
            b
            for b in observation_queries.releases_at(session, revision, {})
            if b["release_id"] in release_ids
        ]
    preferred = [c for c in chart.claims if c["preferred"]]
    latest = preferred[-1] if preferred else None
    return SeriesPage(chart, latest, _disputes(chart.claims), _with_claims(batches, chart.claims))


def _with_latest(
    series: list[dict[str, Any]], preferred: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    disputed: Counter[str] = Counter()
    for claim in preferred:  # in date order: the last one seen is the latest
        latest[claim["series_id"]] = claim
        counts[claim["series_id"]] += 1
        disputed[claim["series_id"]] += claim["conflict"]
    return [
        {
            **s,
            "latest": latest.get(s["id"]),
            "dates": counts[s["id"]],
            "disputed": disputed[s["id"]],
        }
        for s in series
    ]


def _featured(rows: list[dict[str, Any]]) -> tuple[str | None, tuple[str, ...]]:
    """The stock series with the most dated claims, and the best-covered of its country."""
    stocks = [r for r in rows if r["measure"] == FEATURED_MEASURE and r["dates"]]
    stocks.sort(key=lambda r: (-r["dates"], r["id"]))
    if not stocks:
        return None, ()
    country = stocks[0]["country"]  # counts of different countries are not compared
    same = [r["id"] for r in stocks if r["country"] == country][:COMPARED_AT_MOST]
    return stocks[0]["id"], (tuple(same) if len(same) > 1 else ())


def _disputes(claims: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Claims grouped by date, for the dates whose claims disagree."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for claim in claims:
        if claim["conflict"]:
            key = (claim["date"], claim["date_precision"], claim["period_start"])
            groups.setdefault(key, []).append(claim)
    return list(groups.values())


def _with_claims(
    batches: list[dict[str, Any]], claims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        {**b, "claims": [c for c in claims if c["release_id"] == b["release_id"]]} for b in batches
    ]
