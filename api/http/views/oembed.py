"""/oembed: oEmbed 1.0 (type `rich`) for our embed pages and series pages.

A consumer (a CMS, a chat app) sends the URL a person pasted; the answer is the iframe
of the embed page, pinned to the revision shown now so the article keeps the figures it
was written with. URLs that are not ours are 404; `format=xml` is 501, as the spec says.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from flask import current_app, g
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import NotFound as RouteNotFound

from api.domain.vocabulary import is_whole_number
from api.errors import ApiError, NotFound
from api.http.addresses import absolute_url, base_url, is_ours, path_within
from api.http.chart_links import CHROME_HEIGHT, IMAGE_WIDTH, chart_links
from api.http.responses import database
from api.http.smorest import Blueprint
from api.http.snippets import iframe_html
from api.schemas.charts import (
    CompareEmbedArgsSchema,
    EmbedArgsSchema,
    OEmbedArgsSchema,
    ReleasesEmbedArgsSchema,
)
from api.services.publishing.charts import (
    DEFAULT_HEIGHTS,
    Chart,
    ChartQuery,
    ChartSubject,
    chart_at,
)
from api.services.revisions import parse_moment

blp = Blueprint("oembed", __name__, description="oEmbed for the charts")

LATEST_CACHE_AGE: Final = 3600
PINNED_CACHE_AGE: Final = 31_536_000
MIN_CHART_HEIGHT: Final = 150
MIN_IMAGE_WIDTH: Final = 200
SCHEMAS: Final = {
    "embed.series": EmbedArgsSchema,
    "pages.series": EmbedArgsSchema,
    "embed.compare": CompareEmbedArgsSchema,
    "embed.releases": ReleasesEmbedArgsSchema,
}


class NotImplementedFormat(ApiError):
    """oEmbed's 501: the format asked for is not offered."""

    status = 501
    title = "Not Implemented"


class OEmbedSchema(Schema):
    """An oEmbed 1.0 `rich` response."""

    version = fields.String()
    type = fields.String()
    provider_name = fields.String()
    provider_url = fields.String()
    title = fields.String()
    author_name = fields.String()
    author_url = fields.String(allow_none=True)
    html = fields.String()
    width = fields.Integer()
    height = fields.Integer()
    cache_age = fields.Integer()
    thumbnail_url = fields.String()
    thumbnail_width = fields.Integer()
    thumbnail_height = fields.Integer()


@blp.route("/oembed")
class OEmbed(MethodView):
    @blp.arguments(OEmbedArgsSchema, location="query")
    @blp.response(200, OEmbedSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(501, response="NOT_IMPLEMENTED")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The iframe for one of our chart or series URLs (oEmbed 1.0, type rich)."""
        if args["format"] != "json":
            raise NotImplementedFormat("only format=json is offered")
        subject, page_args = _embeddable(args["url"])
        height = _chart_height(subject, page_args, args.get("maxheight"))
        query = ChartQuery(**{**_parsed(subject, page_args), "height": height, "width": None})
        chart = chart_at(database(), subject, query, current_app.config["CHART_MAX_POINTS"])
        g.dataset_revision = chart.revision.id
        width = min(IMAGE_WIDTH, args.get("maxwidth") or IMAGE_WIDTH)
        return _answer(chart, subject, page_args, width, height, args.get("maxheight"))


def _embeddable(url: str) -> tuple[ChartSubject, dict[str, str]]:
    """The chart a URL of ours shows, and its query arguments; 404 for anything else."""
    if not is_ours(url):
        raise NotFound(f"{url!r} is not a page of this service ({base_url()})")
    try:
        endpoint, values = current_app.url_map.bind("localhost").match(path_within(url))
    except RouteNotFound:
        raise NotFound(f"{url!r} is not a page of this service") from None
    if endpoint not in SCHEMAS:
        raise NotFound(f"{url!r} shows no chart that can be embedded")
    page_args = dict(parse_qsl(urlsplit(url).query))
    kind = endpoint.split(".")[1]
    ids = (
        (values["series_id"],)
        if kind == "series"
        else tuple(page_args.get("series", "").split(","))
    )
    return ChartSubject(kind, ids if kind != "releases" else ()), page_args


def _parsed(subject: ChartSubject, page_args: dict[str, str]) -> dict[str, Any]:
    """The URL's own arguments, checked as the embed page would check them."""
    schema = SCHEMAS["embed." + subject.kind]()
    try:
        parsed: dict[str, Any] = schema.load(page_args)
    except ValidationError as error:
        raise NotFound(f"the URL's arguments are not valid: {error.messages}") from None
    parsed.pop("series", None)
    return parsed


def _chart_height(subject: ChartSubject, page_args: dict[str, str], maxheight: int | None) -> int:
    given = page_args.get("height", "")
    asked = int(given) if is_whole_number(given) else DEFAULT_HEIGHTS[subject.kind]
    if maxheight is None:
        return asked
    return max(MIN_CHART_HEIGHT, min(asked, maxheight - CHROME_HEIGHT))


def _answer(
    chart: Chart,
    subject: ChartSubject,
    page_args: dict[str, str],
    width: int,
    height: int,
    maxheight: int | None,
) -> dict[str, Any]:
    """The answer; its frame no taller than `maxheight` (the chart keeps its least height)."""
    pinned = {**page_args, "as_of": page_args.get("as_of") or str(chart.revision.id)}
    thumbnail = width >= MIN_IMAGE_WIDTH and (maxheight is None or height <= maxheight)
    links = chart_links(
        subject, {**pinned, "height": str(height)}, image_width=width if thumbnail else None
    )
    frame_height = min(height + CHROME_HEIGHT, maxheight or height + CHROME_HEIGHT)
    author = chart.series[0] if len(chart.series) == 1 else None
    answer = {
        "version": "1.0",
        "type": "rich",
        "provider_name": current_app.config["API_TITLE"],
        "provider_url": base_url() + "/",
        "title": chart.title,
        "author_name": author["source_name"] if author else "several sources",
        "author_url": absolute_url("pages.series", series_id=author["id"]) if author else None,
        "html": iframe_html(links.embed, chart.title, width, frame_height),
        "width": width,
        "height": frame_height,
        "cache_age": PINNED_CACHE_AGE if _named(chart.revision.pinned) else LATEST_CACHE_AGE,
    }
    if thumbnail:
        answer.update(thumbnail_url=links.png, thumbnail_width=width, thumbnail_height=height)
    return answer


def _named(as_of: str | None) -> bool:
    """A revision id or tag names one revision for ever; a time may still see one land."""
    if as_of is None:
        return False
    text = as_of.strip()
    return is_whole_number(text) or parse_moment(text) is None
