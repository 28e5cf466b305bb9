"""Arguments of the charts, the embed pages and oEmbed."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from webargs.fields import DelimitedList

from api.domain.vocabulary import CHART_THEMES as THEMES
from api.schemas.common import ArgsSchema, WholeMatch, as_of_field, period_bounds

MAX_COMPARED = 7  # one colour each from the colour-blind-safe palette


class EmbedArgsSchema(ArgsSchema):
    """What every chart takes, except its width (an embed fills its frame's width)."""

    as_of = as_of_field()
    start, end = period_bounds()
    claims = fields.String(
        load_default="all",
        validate=validate.OneOf(["all", "preferred"]),
        metadata={
            "description": "`all` (default): a point for every claim, so disagreement shows; "
            "`preferred`: the preferred claim of each date only."
        },
    )
    height = fields.Integer(
        validate=validate.Range(min=150, max=1500),
        metadata={
            "description": "Height in CSS pixels, titles and legend included; by default "
            "360 for a series, 400 for a comparison, 480 for the release batches."
        },
    )
    theme = fields.String(load_default="light", validate=validate.OneOf(THEMES))
    title = fields.String(
        validate=[
            validate.Length(min=1, max=200),
            WholeMatch(
                r"^[^\x00-\x1f\x7f-\x9f\ufffe\uffff]*$", error="must not contain control characters"
            ),
        ],
        metadata={"description": "A title of your own; the attribution lines stay."},
    )


class ChartArgsSchema(EmbedArgsSchema):
    """Arguments of /v1/series/{id}/chart.svg|png|vl.json."""

    width = fields.Integer(
        load_default=640,
        validate=validate.Range(min=200, max=2000),
        metadata={"description": "Width in CSS pixels, titles and legend included."},
    )


def _series_list() -> fields.Field[Any]:
    return DelimitedList(
        fields.String(validate=validate.Length(min=1, max=200)),
        required=True,
        validate=validate.Length(min=1, max=MAX_COMPARED),
        metadata={"description": f"Comma-separated series ids, 1 to {MAX_COMPARED}."},
    )


class CompareChartArgsSchema(ChartArgsSchema):
    """Arguments of /v1/compare/chart.*: the series to compare, then the chart's own."""

    series = _series_list()


class CompareEmbedArgsSchema(EmbedArgsSchema):
    """Arguments of /embed/compare."""

    series = _series_list()


class ReleasesChartArgsSchema(ChartArgsSchema):
    """Arguments of /v1/releases/chart.*."""

    country = fields.String(metadata={"description": "ISO 3166 alpha-2, e.g. BY"})


class ReleasesEmbedArgsSchema(EmbedArgsSchema):
    """Arguments of /embed/releases."""

    country = fields.String(metadata={"description": "ISO 3166 alpha-2, e.g. BY"})


class OEmbedArgsSchema(ArgsSchema):
    """oEmbed 1.0 consumer arguments."""

    url = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    maxwidth = fields.Integer(validate=validate.Range(min=1))
    maxheight = fields.Integer(validate=validate.Range(min=1))
    format = fields.String(
        load_default="json",
        validate=validate.OneOf(["json", "xml"]),
        metadata={"description": "`json`; `xml` is answered 501 Not Implemented."},
    )


class HtmlPageArgsSchema(ArgsSchema):
    """The landing and series pages: just `as_of`."""

    as_of = as_of_field()
