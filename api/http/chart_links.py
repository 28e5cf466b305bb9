"""Addresses of a chart in every form: images, spec, embed page, human page, data, oEmbed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from api.http.addresses import absolute_url, base_url, with_query
from api.services.publishing.charts import ChartSubject

IMAGE_WIDTH = 640
CHROME_HEIGHT = 64  # the embed page's caption line and data-table toggle under the chart


@dataclass(frozen=True)
class ChartLinks:
    """Public URLs of one chart, all carrying the same arguments."""

    svg: str
    png: str
    vl_json: str
    embed: str
    page: str
    csv: str | None
    json: str | None


def chart_links(
    subject: ChartSubject, args: dict[str, str], image_width: int | None = None
) -> ChartLinks:
    """The chart's URLs; `args` are query arguments as text (as_of, theme, height…)."""
    chart_args = {k: v for k, v in args.items() if k not in ("width", "series")}
    path = {"series_id": subject.series_ids[0]} if subject.kind == "series" else {}
    if subject.kind == "compare":
        chart_args["series"] = ",".join(subject.series_ids)

    def image(output: str) -> str:
        endpoint = "charts." + chart_endpoint(subject.kind, output)
        return absolute_url(endpoint, **path, **chart_args, width=image_width)

    data_args = {"as_of": args.get("as_of")}
    return ChartLinks(
        svg=image("svg"),
        png=image("png"),
        vl_json=image("vl.json"),
        embed=absolute_url(f"embed.{subject.kind}", **path, **chart_args),
        page=_human_page(subject, args.get("as_of")),
        csv=_data(subject, "csv", data_args),
        json=_data(subject, "json", data_args),
    )


def chart_endpoint(kind: str, output: str) -> str:
    """The chart view's endpoint in the `charts` blueprint: `series_chart_svg`, …"""
    return f"{kind}_chart_{output.replace('.', '_')}"


def oembed_discovery(page_url: str) -> str:
    """The oEmbed endpoint's address for one of our pages."""
    return f"{base_url()}/oembed?url={quote(page_url, safe='')}&format=json"


def _human_page(subject: ChartSubject, as_of: str | None) -> str:
    if subject.kind == "series":
        return absolute_url("pages.series", series_id=subject.series_ids[0], as_of=as_of)
    return absolute_url("pages.landing", as_of=as_of)


def _data(subject: ChartSubject, fmt: str, args: dict[str, Any]) -> str | None:
    if subject.kind == "series":
        url = absolute_url("observations.SeriesObservations", series_id=subject.series_ids[0])
        return with_query(url, claims="all", format=fmt, **args)
    if subject.kind == "releases":
        return with_query(absolute_url("releases.Releases"), format=fmt, **args)
    return None
