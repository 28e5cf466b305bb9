"""Vega-Lite specs of one series and of several series compared.

Every claim is one point: filled when exact, hollow when it is a bound or an estimate
("at least", "about"). A line joins the preferred claim of each date (stocks and tallies;
flows get a stem per batch instead). In a one-series chart, dates where the claims
disagree are drawn in a second colour with a rule spanning the values claimed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from api.render import chart_theme
from api.render.alt_text import compare_summary, series_summary
from api.render.chart_parts import (
    BOUNDED,
    EXACT,
    ChartOptions,
    RevisionStamp,
    claim_datum,
    counted_by_line,
    described,
    laid_out,
    legend,
    service_line,
    tooltip,
    top_level,
    via_names,
)

AGREE_LABEL: Final = "one value for the date"
DISAGREE_LABEL: Final = "claims disagree"
# A hollow circle (a ring) as an SVG path in Vega's unit square: the inner circle runs the
# other way round, so the non-zero fill rule leaves it empty.
RING: Final = (
    "M0,-1A1,1,0,1,1,0,1A1,1,0,1,1,0,-1ZM0,-0.55A0.55,0.55,0,1,0,0,0.55A0.55,0.55,0,1,0,0,-0.55Z"
)


def series_spec(
    series: dict[str, Any],
    claims: list[dict[str, Any]],
    revision: RevisionStamp,
    options: ChartOptions,
) -> dict[str, Any]:
    """One series: its claims, the preferred line, and where its sources disagree."""
    data = [_agreement(claim_datum(c, series["source_name"]), c) for c in claims]
    colour = {
        "field": "agreement",
        "type": "nominal",
        "scale": {
            "domain": [AGREE_LABEL, DISAGREE_LABEL],
            "range": [chart_theme.AGREE, chart_theme.DISAGREE],
        },
        "legend": legend(),
    }
    layers = [
        _disagreement_rules(data),
        _trend(series, chart_theme.AGREE),
        _points(colour, options),
    ]
    lines = [
        counted_by_line([series["source_name"]], via_names(claims)),
        service_line(revision, options, series.get("licence")),
    ]
    spec = top_level(options, series_summary(series, claims, revision))
    spec.update(
        data={"values": data},
        encoding=_axes(series),
        layer=[layer for layer in layers if layer],
        usermeta=_usermeta(revision, [series["id"]]),
    )
    return laid_out(spec, series["title"], lines, options)


def compare_spec(
    series_list: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    revision: RevisionStamp,
    options: ChartOptions,
) -> dict[str, Any]:
    """Several series on one chart, one colour each."""
    labels = series_labels(series_list)
    data = [claim_datum(c, labels[c["series_id"]]) for c in claims]
    ordered = [labels[s["id"]] for s in series_list]
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": ordered, "range": _palette(len(ordered))},
        "legend": legend(),
    }
    lines = [
        counted_by_line([s["source_name"] for s in series_list], via_names(claims)),
        service_line(revision, options, _common_licence(series_list)),
    ]
    spec = top_level(options, compare_summary(series_list, claims, revision))
    spec.update(
        data={"values": data},
        encoding=_axes(series_list[0]),
        layer=[_trend(series_list[0], colour), _points(colour, options)],
        usermeta=_usermeta(revision, [s["id"] for s in series_list]),
    )
    return laid_out(spec, compare_title(series_list), lines, options, many=True)


def series_labels(series_list: list[dict[str, Any]]) -> dict[str, str]:
    """A short label per series: its source's name, or its title where sources repeat."""
    names = [s["source_name"] for s in series_list]
    return {
        s["id"]: s["source_name"] if names.count(s["source_name"]) == 1 else s["title"]
        for s in series_list
    }


def compare_title(series_list: list[dict[str, Any]]) -> str:
    """`Political prisoners in BY: 3 sources compared`, or a plain count of series."""
    measures = {(s["measure"], s["country"]) for s in series_list}
    if len(measures) == 1:
        measure, country = measures.pop()
        words = measure.replace("_", " ").capitalize()
        return f"{words} in {country}: {len(series_list)} series compared"
    return f"{len(series_list)} series compared"


def _axes(series: dict[str, Any]) -> dict[str, Any]:
    return {
        "x": {
            "field": "date",
            "type": "temporal",
            "scale": {"type": "utc"},
            "axis": {"title": None, "format": "%Y", "tickCount": "year"},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "axis": {"title": series.get("unit") or None, "format": ",d"},
        },
    }


def _points(colour: dict[str, Any], options: ChartOptions) -> dict[str, Any]:
    """The claims: one point each, a ring for bounds, linking to the document."""
    ink = chart_theme.vega_config(options.theme)["legend"]["labelColor"]
    return {
        "name": "claims",
        "mark": {"type": "point", "filled": True, "opacity": 0.9, "size": 70, "cursor": "pointer"},
        "encoding": described(
            {
                "color": colour,
                "shape": {
                    "field": "kind",
                    "type": "nominal",
                    "scale": {"domain": [EXACT, BOUNDED], "range": ["circle", RING]},
                    "legend": {
                        "title": None,
                        "orient": "bottom",
                        "direction": "horizontal",
                        "symbolFillColor": ink,
                    },
                },
                "tooltip": tooltip(("series",) if colour["field"] == "series" else ()),
            }
        ),
    }


def _trend(series: dict[str, Any], colour: dict[str, Any] | str) -> dict[str, Any]:
    """A line through the preferred claims; for flows, a stem from zero per claim."""
    encoding: dict[str, Any] = {"color": colour if isinstance(colour, dict) else {"value": colour}}
    preferred = [{"filter": {"field": "preferred", "equal": True}}]
    if series.get("kind") == "flow":
        stem = {"type": "rule", "strokeWidth": 1.5, "opacity": 0.6}
        return {"transform": preferred, "mark": stem, "encoding": {**encoding, "y2": {"datum": 0}}}
    line = {"type": "line", "strokeWidth": 1.8, "interpolate": "linear"}
    return {
        "transform": preferred,
        "mark": line,
        "encoding": {**encoding, "detail": {"field": "series"}},
    }


def _disagreement_rules(data: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A dashed rule spanning the values claimed on each date where claims disagree."""
    by_date: dict[str, list[int]] = defaultdict(list)
    for datum in data:
        by_date[datum["date"]].append(datum["value"])
    spans = [
        {"date": date, "low": min(values), "high": max(values)}
        for date, values in by_date.items()
        if min(values) != max(values)
    ]
    if not spans:
        return None
    return {
        "data": {"values": spans},
        "mark": {"type": "rule", "strokeDash": [3, 2], "strokeWidth": 1.5},
        "encoding": {
            "y": {"field": "low", "type": "quantitative"},
            "y2": {"field": "high"},
            "color": {"value": chart_theme.DISAGREE},
        },
    }


def _agreement(datum: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    datum["agreement"] = DISAGREE_LABEL if claim.get("conflict") else AGREE_LABEL
    return datum


def _palette(count: int) -> list[str]:
    colours = list(chart_theme.OKABE_ITO)
    return [colours[i % len(colours)] for i in range(count)]


def _common_licence(series_list: list[dict[str, Any]]) -> str | None:
    licences = {s.get("licence") for s in series_list}
    return licences.pop() if len(licences) == 1 else None


def _usermeta(revision: RevisionStamp, series_ids: list[str]) -> dict[str, Any]:
    """Machine-readable provenance of the spec itself."""
    return {"revision": revision.id, "tags": list(revision.tags), "series": series_ids}
