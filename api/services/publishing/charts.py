"""Charts of a series, a comparison and the release batches: data at a revision, drawn.

`chart_at` gathers what a chart shows and builds its Vega-Lite spec (for the embed page
and the `.vl.json` answer); `render_chart` also draws it, through a per-revision cache.

Every chart keeps the caps of `ChartLimits`: at most `max_points` points (beyond them
thinned, and the chart says so: `thinning`); a drawing holds one of the host's drawing
slots (`render_slots`, 503 when all are busy), and reading its data and drawing it
(in a child process, `api.render.sandbox`) must finish within `seconds` (503 past it;
a read that runs long is not interrupted, but the drawing is then not started). Width,
height and title length are capped by the argument schemas (`api.schemas.charts`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from api.domain import preference
from api.domain.batches import is_total
from api.domain.records import Batch, Claim
from api.errors import NotFound, Unavailable
from api.render import images, sandbox
from api.render.chart import compare_spec, compare_title, series_spec
from api.render.chart_parts import ChartOptions, RevisionStamp
from api.render.release_chart import TITLE as RELEASES_TITLE
from api.render.release_chart import releases_spec
from api.services.publishing.render_cache import RenderCache, Rendered
from api.services.publishing.render_slots import RenderSlots
from api.services.publishing.thinning import Thinned, noted, thin_batches, thin_claims
from api.services.reads.releases import judged_batches
from api.services.revisions import resolve_as_of
from api.storage import catalog_queries, claim_queries, revision_queries
from api.storage.claim_queries import ClaimFilter
from api.storage.db import Database

BATCH_MEASURE = "released"  # the measure whose claims size a release batch
DEFAULT_HEIGHTS = {"series": 360, "compare": 400, "releases": 480}  # its legend is long
MAX_POINTS = 2_000  # claims drawn in one chart (CHART_MAX_POINTS)
RENDER_SECONDS = 10.0  # the time one drawing may take (CHART_RENDER_SECONDS)
TIMEOUT_RETRY_AFTER = 5  # seconds


@dataclass(frozen=True)
class ChartLimits:
    """The caps every chart keeps; `slots` None draws without the host-wide limit."""

    max_points: int = MAX_POINTS
    seconds: float = RENDER_SECONDS
    slots: RenderSlots | None = None


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
    claims: list[Claim] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    source_names: dict[str, str] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """The text alternative of the chart."""
        return str(self.spec.get("description", ""))


def chart_at(
    db: Database, subject: ChartSubject, query: ChartQuery, max_points: int = MAX_POINTS
) -> Chart:
    """The chart's data and spec at the revision `query.as_of` names."""
    with db.read() as session:
        revision = resolve_as_of(session, query.as_of)
        return build_chart(session, subject, query, revision, max_points)


def render_chart(
    db: Database,
    cache: RenderCache,
    subject: ChartSubject,
    query: ChartQuery,
    output: str,
    limits: ChartLimits | None = None,
) -> Rendered:
    """The chart as `svg`, `png` or `vl.json`, drawn once per (query, revision, redactions).

    Redaction rewrites quotes of past versions in place, so the count of redactions so far
    is part of the key, as it is of the response cache's. What is not in the cache is
    built and drawn within `limits`.
    """
    limits = limits or ChartLimits()
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
    if output == "vl.json" or limits.slots is None:
        body = _built_and_drawn(db, subject, query, revision, output, limits)
    else:
        with limits.slots.held():
            body = _built_and_drawn(db, subject, query, revision, output, limits)
    name = subject.series_ids[0] if subject.kind == "series" else subject.kind
    rendered = Rendered(revision, body, images.MEDIA_TYPES[output], f"{name}.r{revision}.{output}")
    cache.put(key, rendered)
    return rendered


def _built_and_drawn(
    db: Database,
    subject: ChartSubject,
    query: ChartQuery,
    revision: int,
    output: str,
    limits: ChartLimits,
) -> bytes:
    started = time.monotonic()
    with db.read() as session:
        chart = build_chart(session, subject, query, revision, limits.max_points)
    left = limits.seconds - (time.monotonic() - started)  # reading the data spends it too
    try:
        if left <= 0:
            raise sandbox.DrawingTimeout("no time left to draw")
        return images.render(chart.spec, output, chart.title, left)
    except sandbox.DrawingTimeout:
        raise Unavailable(
            f"drawing this chart took longer than {limits.seconds:g} s; ask for a smaller "
            "one, fewer series or a shorter period",
            retry_after=TIMEOUT_RETRY_AFTER,
        ) from None


def _cache_key(
    subject: ChartSubject, query: ChartQuery, revision: int, redactions: int, output: str
) -> Hashable:
    """The as_of text does not matter once resolved; whether it was given does (`as of`)."""
    pinned = query.as_of is not None
    return (subject, dataclasses.replace(query, as_of=None), pinned, revision, redactions, output)


def build_chart(
    session: Session,
    subject: ChartSubject,
    query: ChartQuery,
    revision: int,
    max_points: int = MAX_POINTS,
) -> Chart:
    """The chart at a resolved revision, inside the caller's session, thinned to the cap."""
    stamp = revision_stamp(session, revision, query.as_of)
    height = query.height or DEFAULT_HEIGHTS[subject.kind]
    options = ChartOptions(query.width, height, query.theme, query.title, query.claims)
    if subject.kind == "releases":
        return _releases_chart(session, stamp, query, options, max_points)
    series = [_series_or_404(session, sid, revision) for sid in subject.series_ids]
    thinned = thin_claims(_claims(session, subject.series_ids, revision, query), max_points)
    claims = thinned.rows
    names = source_names(session, revision)
    if subject.kind == "series":
        spec = series_spec(series[0], claims, stamp, options)
        title = query.title or series[0]["title"]
    else:
        spec = compare_spec(series, claims, stamp, options)
        title = query.title or compare_title(series)
    return Chart(stamp, _said(spec, thinned), title, series, claims, [], names)


def _said(spec: dict[str, Any], thinned: Thinned) -> dict[str, Any]:
    return noted(spec, thinned.note, thinned.shown, thinned.total)


def source_names(session: Session, revision: int) -> dict[str, str]:
    """Every source's name by id, at the revision."""
    return {s["id"]: s["name"] for s in catalog_queries.sources_at(session, revision)}


def _releases_chart(
    session: Session,
    stamp: RevisionStamp,
    query: ChartQuery,
    options: ChartOptions,
    max_points: int,
) -> Chart:
    filters = {"start": query.start, "end": query.end, "country": query.country}
    batches = judged_batches(session, stamp.id, filters)
    version = revision_queries.rule_at(session, stamp.id)
    for batch in batches:
        batch.claims = [c for c in batch.claims if c.measure == BATCH_MEASURE and is_total(c)]
    thinned = thin_batches([batch for batch in batches if batch.claims], max_points)
    rows = thinned.rows
    names = source_names(session, stamp.id)
    spec = _said(releases_spec(rows, _source_picks(rows, version), names, stamp, options), thinned)
    sized = [c for batch in rows for c in batch.claims]
    title = query.title or RELEASES_TITLE
    return Chart(stamp, spec, title, claims=sized, batches=rows, source_names=names)


def _source_picks(batches: list[Batch], version: int) -> dict[tuple[str, str], int]:
    """Per (batch, source): the observation id of the source's preferred claim for it."""
    picks: dict[tuple[str, str], int] = {}
    for batch in batches:
        by_source: dict[str, list[Claim]] = {}
        for claim in batch.claims:
            by_source.setdefault(claim.source_id, []).append(claim)
        for source_id, claims in by_source.items():
            chosen = preference.preferred_of(claims, version)
            if chosen is not None:
                picks[(batch.release_id, source_id)] = chosen[0].observation_id
    return picks


def _claims(
    session: Session, series_ids: tuple[str, ...], revision: int, query: ChartQuery
) -> list[Claim]:
    claims = ClaimFilter(revision, series_ids, query.start, query.end)
    judged = claim_queries.current_claims(session, claims)
    rows = claim_queries.page(judged, query.claims == "preferred", 0, None)
    order = {sid: i for i, sid in enumerate(series_ids)}
    return sorted(rows, key=lambda row: order[row.series_id])


def _series_or_404(session: Session, series_id: str, revision: int) -> dict[str, Any]:
    series = catalog_queries.one_series_at(session, series_id, revision)
    if series is None:
        raise NotFound(f"series {series_id!r} does not exist at revision {revision}")
    return series


def revision_stamp(session: Session, revision: int, as_of: str | None) -> RevisionStamp:
    """The revision's id, time and tags, and the `as_of` that pinned it (if any)."""
    row = revision_queries.revision_row(session, revision) or {}
    return RevisionStamp(revision, row.get("created_at"), tuple(row.get("tags", ())), as_of)
