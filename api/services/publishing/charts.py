"""Charts of a series, a comparison and the release batches: data at a revision, drawn.

`chart_at` gathers what a chart shows and builds its Vega-Lite spec (for the embed page
and the `.vl.json` answer); `render_chart` also draws it, through a per-revision cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from api.errors import NotFound
from api.render import images
from api.render.chart import compare_spec, compare_title, series_spec
from api.render.chart_parts import ChartOptions, RevisionStamp
from api.render.release_chart import TITLE as RELEASES_TITLE
from api.render.release_chart import releases_spec
from api.services.publishing.render_cache import RenderCache, Rendered
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, observation_queries, revision_queries
from api.storage.db import Database
from api.storage.observation_queries import ClaimFilter

BATCH_MEASURE = "released"  # the measure whose claims size a release batch
DEFAULT_HEIGHTS = {"series": 360, "compare": 400, "releases": 480}  # its legend is long


@dataclass(frozen=True)
class ChartQuery:
    """How a client asked for a chart (hashable: it is part of the cache key)."""

    as_of: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    claims: str = "all"
    width: int | None = 640
    height: int | None = None  # None: the chart's own default (DEFAULT_HEIGHTS)
    theme: str = "light"
    title: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class ChartSubject:
    """What is charted: one series, several compared, or the release batches."""

    kind: str
    series_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart at a revision: its spec, and the rows and metadata it was built from."""

    revision: RevisionStamp
    spec: dict[str, Any]
    title: str
    series: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    batches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def description(self) -> str:
        """The text alternative of the chart."""
        return str(self.spec.get("description", ""))


def chart_at(db: Database, subject: ChartSubject, query: ChartQuery) -> Chart:
    """The chart's data and spec at the revision `query.as_of` names."""
    with db.read() as session:
        return build_chart(session, subject, query, resolve_as_of(session, query.as_of))


def render_chart(
    db: Database, cache: RenderCache, subject: ChartSubject, query: ChartQuery, output: str
) -> Rendered:
    """The chart as `svg`, `png` or `vl.json`, drawn once per (query, revision, redactions).

    Redaction rewrites quotes of past versions in place, so the count of redactions so far
    is part of the key, as it is of the response cache's.
    """
    latest = db.watch.latest()
    redactions = latest[2] if latest else 0
    if query.as_of is None:  # the hot path: one cheap query, then the cache
        revision = latest[0] if latest else 0
        cached = cache.get(_cache_key(subject, query, revision, redactions, output))
        if cached is not None:
            return cached
    with db.read() as session:
        revision = resolve_as_of(session, query.as_of)
        key = _cache_key(subject, query, revision, redactions, output)
        cached = cache.get(key)
        if cached is not None:
            return cached
        chart = build_chart(session, subject, query, revision)
    body = images.render(chart.spec, output, chart.title)
    name = subject.series_ids[0] if subject.kind == "series" else subject.kind
    rendered = Rendered(revision, body, images.MEDIA_TYPES[output], f"{name}.r{revision}.{output}")
    cache.put(key, rendered)
    return rendered


def _cache_key(
    subject: ChartSubject, query: ChartQuery, revision: int, redactions: int, output: str
) -> Hashable:
    """The as_of text does not matter once resolved; whether it was given does (`as of`)."""
    pinned = query.as_of is not None
    return (subject, dataclasses.replace(query, as_of=None), pinned, revision, redactions, output)


def build_chart(session: Session, subject: ChartSubject, query: ChartQuery, revision: int) -> Chart:
    """The chart at a resolved revision, inside the caller's session."""
    stamp = revision_stamp(session, revision, query.as_of)
    height = query.height or DEFAULT_HEIGHTS[subject.kind]
    options = ChartOptions(query.width, height, query.theme, query.title, query.claims)
    if subject.kind == "releases":
        return _releases_chart(session, stamp, query, options)
    series = [_series_or_404(session, sid, revision) for sid in subject.series_ids]
    claims = _claims(session, subject.series_ids, revision, query)
    if subject.kind == "series":
        spec = series_spec(series[0], claims, stamp, options)
        return Chart(stamp, spec, query.title or series[0]["title"], series, claims)
    spec = compare_spec(series, claims, stamp, options)
    return Chart(stamp, spec, query.title or compare_title(series), series, claims)


def _releases_chart(
    session: Session, stamp: RevisionStamp, query: ChartQuery, options: ChartOptions
) -> Chart:
    filters = {"start": query.start, "end": query.end, "country": query.country}
    batches = observation_queries.releases_at(session, stamp.id, filters)
    claims = observation_queries.claims_page(
        session,
        ClaimFilter(stamp.id, release_ids=tuple(b["release_id"] for b in batches)),
        preferred_only=False,
        offset=0,
        limit=None,
    )
    sized = [c for c in claims if _measure(c["series_id"]) == BATCH_MEASURE]
    rows = [
        {**b, "claims": [c for c in sized if c["release_id"] == b["release_id"]]} for b in batches
    ]
    rows = [row for row in rows if row["claims"]]
    names = {s["id"]: s["name"] for s in catalog_queries.sources_at(session, stamp.id)}
    spec = releases_spec(rows, names, stamp, options)
    return Chart(stamp, spec, query.title or RELEASES_TITLE, claims=sized, batches=rows)


def _claims(
    session: Session, series_ids: tuple[str, ...], revision: int, query: ChartQuery
) -> list[dict[str, Any]]:
    claims = ClaimFilter(revision, series_ids, query.start, query.end)
    preferred_only = query.claims == "preferred"
    rows = observation_queries.claims_page(session, claims, preferred_only, 0, None)
    order = {sid: i for i, sid in enumerate(series_ids)}
    return sorted(rows, key=lambda row: order[row["series_id"]])


def _series_or_404(session: Session, series_id: str, revision: int) -> dict[str, Any]:
    series = catalog_queries.one_series_at(session, series_id, revision)
    if series is None:
        raise NotFound(f"series {series_id!r} does not exist at revision {revision}")
    return series


def revision_stamp(session: Session, revision: int, as_of: str | None) -> RevisionStamp:
    """The revision's id, time and tags, and the `as_of` that pinned it (if any)."""
    row = revision_queries.revision_row(session, revision) or {}
    return RevisionStamp(revision, row.get("created_at"), tuple(row.get("tags", ())), as_of)


def _measure(series_id: str) -> str:
    """The measure part of a series id `{country}.{measure}.{source}`."""
    parts = series_id.split(".")
    return parts[1] if len(parts) == 3 else ""
