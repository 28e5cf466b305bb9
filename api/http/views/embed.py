"""/embed/series/{id}, /embed/compare and /embed/releases: chart pages made for an iframe.

Interactive (tooltips with the quote, a click opens the document), as wide as their
frame, posting their height to the host page, with an SVG in `<noscript>` and the data
as a table. Any site may frame them; they load nothing from any other host.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from api.errors import ApiError
from api.http.addresses import current_url
from api.http.chart_links import chart_links, oembed_discovery
from api.http.html import error_page, html_response
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.charts import CompareEmbedArgsSchema, EmbedArgsSchema, ReleasesEmbedArgsSchema
from api.services.publishing.charts import ChartQuery, ChartSubject, chart_at

blp = Blueprint("embed", __name__, url_prefix="/embed")
blp.register_error_handler(ApiError, error_page)
blp.register_error_handler(HTTPException, error_page)


@blp.route("/series/<series_id>", endpoint="series")
@blp.arguments(EmbedArgsSchema, location="query")
def series(args: dict[str, Any], series_id: str) -> Response:
    """One series' chart, for an iframe."""
    return embed_page(ChartSubject("series", (series_id,)), args)


@blp.route("/compare", endpoint="compare")
@blp.arguments(CompareEmbedArgsSchema, location="query")
def compare(args: dict[str, Any]) -> Response:
    """Several series compared, for an iframe."""
    ids = tuple(dict.fromkeys(args.pop("series")))
    return embed_page(ChartSubject("compare", ids), args)


@blp.route("/releases", endpoint="releases")
@blp.arguments(ReleasesEmbedArgsSchema, location="query")
def releases(args: dict[str, Any]) -> Response:
    """The release batches chart, for an iframe."""
    return embed_page(ChartSubject("releases"), args)


def embed_page(subject: ChartSubject, args: dict[str, Any]) -> Response:
    """The embed page of any chart."""
    query = ChartQuery(**args, width=None)
    chart = chart_at(database(), subject, query, current_app.config["CHART_MAX_POINTS"])
    g.dataset_revision = chart.revision.id
    links = chart_links(subject, request.args.to_dict())
    return html_response(
        "embed.html",
        frameable=True,
        oembed_url=oembed_discovery(current_url()),
        chart=chart,
        subject=subject,
        links=links,
        theme=query.theme,
    )
