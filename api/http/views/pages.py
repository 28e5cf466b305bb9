"""`/` and `/series/{id}`: pages for people who do not read code.

Plain server-rendered HTML: the series with their charts, latest values with their
qualifiers, the dates where sources disagree, the release batches, downloads, the embed
snippet and a citation, all at one revision that the page names.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from api.errors import ApiError
from api.http.addresses import absolute_url, base_url, current_url
from api.http.chart_links import (
    CHROME_HEIGHT,
    IMAGE_WIDTH,
    ChartLinks,
    chart_links,
    oembed_discovery,
)
from api.http.html import error_page, html_response
from api.http.responses import database
from api.http.smorest import Blueprint
from api.http.snippets import iframe_html, image_html, resize_script
from api.schemas.charts import HtmlPageArgsSchema
from api.services.publishing.charts import DEFAULT_HEIGHTS, ChartQuery, ChartSubject, chart_at
from api.services.publishing.pages import Landing, landing, series_page

blp = Blueprint("pages", __name__)
blp.register_error_handler(ApiError, error_page)
blp.register_error_handler(HTTPException, error_page)


@blp.route("/", endpoint="landing")
@blp.arguments(HtmlPageArgsSchema, location="query")
def landing_view(args: dict[str, Any]) -> Response:
    """The landing page."""
    as_of = args.get("as_of")
    content = landing(database(), as_of, current_app.config["FEATURED_SERIES"])
    g.dataset_revision = content.revision.id
    # The batch chart shows the featured series' country: batches of different countries
    # differ by orders of magnitude (Myanmar's amnesties of thousands, Belarus's dozens).
    country = content.featured.split(".")[0] if content.featured else None
    pinned = {"as_of": str(content.revision.id), **({"country": country} if country else {})}
    drawn = _browser_charts(content, as_of, country)
    return html_response(
        "landing.html",
        page=content,
        **drawn,
        featured=_links(ChartSubject("series", (content.featured,)), as_of)
        if content.featured
        else None,
        compared=_links(ChartSubject("compare", content.compared), as_of)
        if content.compared
        else None,
        releases=_links(ChartSubject("releases"), as_of, country) if content.batches else None,
        release_country=country,
        releases_snippets=embed_snippets(
            "Release batches",
            "Chart of the release batches",
            DEFAULT_HEIGHTS["releases"],
            chart_links(ChartSubject("releases"), pinned),
        ),
        permalink=absolute_url("pages.landing", as_of=content.revision.id),
        service=current_app.config["API_TITLE"],
    )


@blp.route("/series/<series_id>", endpoint="series")
@blp.arguments(HtmlPageArgsSchema, location="query")
def series_view(args: dict[str, Any], series_id: str) -> Response:
    """One series' page."""
    content = series_page(database(), series_id, args.get("as_of"))
    g.dataset_revision = content.chart.revision.id
    subject = ChartSubject("series", (series_id,))
    pinned = chart_links(subject, {"as_of": str(content.chart.revision.id)})
    return html_response(
        "series.html",
        oembed_url=oembed_discovery(current_url()),
        page=content,
        chart=content.chart,
        links=chart_links(subject, request.args.to_dict()),
        pinned=pinned,
        snippets=embed_snippets(
            content.chart.title, content.chart.description, content.chart.spec["height"], pinned
        ),
        permalink=absolute_url(
            "pages.series", series_id=series_id, as_of=content.chart.revision.id
        ),
        service=current_app.config["API_TITLE"],
    )


def embed_snippets(title: str, description: str, height: int, links: ChartLinks) -> dict[str, str]:
    """The embed box's snippets for a chart, pinned to the revision shown."""
    return {
        "iframe": iframe_html(links.embed, title, IMAGE_WIDTH, height + CHROME_HEIGHT),
        "resize": resize_script(base_url()),
        "image": image_html(links.svg, description, IMAGE_WIDTH),
    }


def _browser_charts(content: Landing, as_of: str | None, country: str | None) -> dict[str, Any]:
    """The landing page's charts as specs its browser draws: one page asking for three
    drawings at once would meet the host's limit on drawings (`render_slots`)."""
    subjects = {
        "featured_chart": ChartSubject("series", (content.featured,)) if content.featured else None,
        "compared_chart": ChartSubject("compare", content.compared) if content.compared else None,
        "releases_chart": ChartSubject("releases") if content.batches else None,
    }
    return {
        name: chart_at(database(), subject, ChartQuery(as_of=as_of, width=None, country=country))
        if subject
        else None
        for name, subject in subjects.items()
    }


def _links(subject: ChartSubject, as_of: str | None, country: str | None = None) -> ChartLinks:
    args = {"as_of": as_of, "country": country}
    return chart_links(subject, {k: v for k, v in args.items() if v})
