"""/v1/series/{id}/chart.*, /v1/compare/chart.* and /v1/releases/chart.*: SVG, PNG, Vega-Lite.

One spec per chart (api.render.chart), three outputs: the Vega-Lite spec with its data
inline, and SVG and PNG drawn from it on the server.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

from flask import Flask, Response, current_app, g

from api.http.chart_links import chart_endpoint
from api.http.responses import database, disposition
from api.http.smorest import Blueprint
from api.schemas.charts import (
    ChartArgsSchema,
    CompareChartArgsSchema,
    ReleasesChartArgsSchema,
)
from api.services.publishing.charts import ChartLimits, ChartQuery, ChartSubject, render_chart
from api.services.publishing.render_cache import RenderCache, Rendered
from api.services.publishing.render_slots import RenderSlots

blp = Blueprint("charts", __name__, url_prefix="/v1", description="Charts: SVG, PNG, Vega-Lite")

OUTPUTS: Final = {
    "svg": ("image/svg+xml", "An SVG image with a <title> and <desc> for screen readers."),
    "png": ("image/png", "A PNG image."),
    "vl.json": ("application/json", "A Vega-Lite v6 spec with the data inline."),
}
# What each output is, for the OpenAPI document: images are bytes, the spec an object.
BODIES: Final = {
    "svg": {"type": "string"},
    "png": {"type": "string", "format": "binary"},
    "vl.json": {"type": "object", "description": "A Vega-Lite v6 specification"},
}
# An SVG opened on its own must not run anything; its styles are inline attributes.
SVG_POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'"


@blp.record_once
def _create_cache(state: Any) -> None:
    app: Flask = state.app
    app.extensions["chart_cache"] = RenderCache(app.config["CHART_CACHE_SIZE"])
    app.extensions["chart_limits"] = chart_limits(app)


def chart_limits(app: Flask) -> ChartLimits:
    """The caps of CHART_MAX_POINTS, CHART_RENDER_SECONDS and CHART_RENDERS slots."""
    workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
    renders = app.config.get("CHART_RENDERS") or max(1, workers - 1)
    folder = app.config.get("CHART_SLOTS_FOLDER") or os.path.join(app.instance_path, "chart-slots")
    return ChartLimits(
        max_points=int(app.config["CHART_MAX_POINTS"]),
        seconds=float(app.config["CHART_RENDER_SECONDS"]),
        slots=RenderSlots(folder, int(renders)),
    )


def chart_response(subject: ChartSubject, args: dict[str, Any], output: str) -> Response:
    """The drawn chart with its revision, file name and caching-safe headers."""
    query = ChartQuery(**args)
    rendered = render_chart(database(), _cache(), subject, query, output, _limits())
    return _as_response(rendered)


def _cache() -> RenderCache:
    cache: RenderCache = current_app.extensions["chart_cache"]
    return cache


def _limits() -> ChartLimits:
    limits: ChartLimits = current_app.extensions["chart_limits"]
    return limits


def _as_response(rendered: Rendered) -> Response:
    g.dataset_revision = rendered.revision
    response = Response(rendered.body, mimetype=rendered.media_type)
    response.headers["Content-Disposition"] = disposition("inline", rendered.filename)
    if rendered.media_type == "image/svg+xml":
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


def _route(rule: str, schema: type, subject: Callable[..., ChartSubject], summary: str) -> None:
    kind, output = subject.__name__.strip("_"), rule.rsplit("/chart.", 1)[1]
    media_type, what = OUTPUTS[output]

    @blp.route(rule, endpoint=chart_endpoint(kind, output))
    @blp.arguments(schema(), location="query")  # an instance: not rebuilt per request
    @blp.doc(summary=f"{summary}: {output}", description=what)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    @blp.alt_response(200, schema=BODIES[output], content_type=media_type, success=True)
    def view(args: dict[str, Any], **path: str) -> Response:
        return chart_response(subject(args, **path), args, output)


def _series(args: dict[str, Any], series_id: str) -> ChartSubject:
    return ChartSubject("series", (series_id,))


def _compare(args: dict[str, Any]) -> ChartSubject:
    return ChartSubject("compare", tuple(dict.fromkeys(args.pop("series"))))


def _releases(args: dict[str, Any]) -> ChartSubject:
    return ChartSubject("releases")


SERIES, COMPARE, RELEASES = (
    "Chart of one series",
    "Chart comparing series",
    "Chart of release batches",
)
# Every chart route, written out so that a search for its path finds it.
ROUTES: Final = (
    ("/series/<series_id>/chart.svg", ChartArgsSchema, _series, SERIES),
    ("/compare/chart.svg", CompareChartArgsSchema, _compare, COMPARE),
    ("/releases/chart.svg", ReleasesChartArgsSchema, _releases, RELEASES),
    ("/series/<series_id>/chart.png", ChartArgsSchema, _series, SERIES),
    ("/compare/chart.png", CompareChartArgsSchema, _compare, COMPARE),
    ("/releases/chart.png", ReleasesChartArgsSchema, _releases, RELEASES),
    ("/series/<series_id>/chart.vl.json", ChartArgsSchema, _series, SERIES),
    ("/compare/chart.vl.json", CompareChartArgsSchema, _compare, COMPARE),
    ("/releases/chart.vl.json", ReleasesChartArgsSchema, _releases, RELEASES),
)
for _route_args in ROUTES:
    _route(*_route_args)
