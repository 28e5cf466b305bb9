"""Vega-Lite specs of one series and of several series compared.

Every claim is one point: filled when exact, hollow when it is a bound or an estimate
("at least", "about"). A line joins the preferred claim of each date where that claim is
an exact total (stocks and tallies; flows get a stem per batch instead): a bound or an
estimate is never joined, so "more than 1,000" cannot pull the line into a dip no source
reported. The latest preferred value is labelled with its date and qualifier, and the
scales leave room at every edge so that no point or label is clipped. In a one-series
chart, dates where the claims cannot all be true are drawn in a second colour with a rule
spanning the values claimed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from api.domain.records import Claim
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
    is_exact,
    laid_out,
    legend,
    service_line,
    tooltip,
    top_level,
    via_names,
)

AGREE_LABEL: Final = "claims can all hold"
DISAGREE_LABEL: Final = "claims cannot all be true"
EDGE_ROOM: Final = 14  # pixels kept free at each end of both scales
# A hollow circle (a ring) as an SVG path in Vega's unit square: the inner circle runs the
# other way round, so the non-zero fill rule leaves it empty.
RING: Final = (
    "M0,-1A1,1,0,1,1,0,1A1,1,0,1,1,0,-1ZM0,-0.55A0.55,0.55,0,1,0,0,0.55A0.55,0.55,0,1,0,0,-0.55Z"
)


def series_spec(
    series: dict[str, Any],
    claims: list[Claim],
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
        _disagreement_rules(claims),
        _trend(series, chart_theme.AGREE),
        _points(colour, options),
        _latest_labels(claims, {series["id"]: series["source_name"]}, options),
    ]
    lines = [
        counted_by_line([series["source_name"]], via_names(claims)),
        service_line(revision, options, series.get("licence")),
        reading_line(claims, series.get("kind")),
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
    claims: list[Claim],
    revision: RevisionStamp,
    options: ChartOptions,
) -> dict[str, Any]:
    """Several series on one chart, one colour each."""
    labels = series_labels(series_list)
    data = [claim_datum(c, labels[c.series_id]) for c in claims]
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
        reading_line(claims, series_list[0].get("kind")),
    ]
    spec = top_level(options, compare_summary(series_list, claims, revision))
    spec.update(
        data={"values": data},
        encoding=_axes(series_list[0]),
        layer=[
            layer
            for layer in (
                _trend(series_list[0], colour),
                _points(colour, options),
                _latest_labels(claims, labels, options),
            )
            if layer
        ],
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


def reading_line(claims: list[Claim], kind: str | None) -> str:
    """The legend in words: what the line (or the stems) joins and what it leaves apart."""
    joined = "Stems: exact totals" if kind == "flow" else "Line: exact values only"
    apart = any(not is_exact(c) for c in claims)
    return joined + ("; rings: bounds and estimates" if apart else "")


def _axes(series: dict[str, Any]) -> dict[str, Any]:
    """The axes, with room at every edge so that no point or label is clipped."""
    return {
        "x": {
            "field": "date",
            "type": "temporal",
            "scale": {"type": "utc", "padding": EDGE_ROOM},
            "axis": {"title": None, "format": "%Y", "tickCount": "year"},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "scale": {"padding": EDGE_ROOM},
            "axis": {"title": series.get("unit") or None, "format": ",d"},
        },
    }


def _latest_labels(
    claims: list[Claim], labels: dict[str, str], options: ChartOptions
) -> dict[str, Any] | None:
    """Each series' latest preferred total, written beside its point: value and date."""
    latest: dict[str, Claim] = {}
    for claim in claims:
        if claim.preferred and claim.part is None:
            known = latest.get(claim.series_id)
            if known is None or (claim.date, claim.observation_id) > (
                known.date,
                known.observation_id,
            ):
                latest[claim.series_id] = claim
    if not latest:
        return None
    data = []
    for claim in latest.values():
        datum = claim_datum(claim, labels.get(claim.series_id, ""))
        data.append({**datum, "text": f"{datum['Value']} · {datum['Date']}"})
    config = chart_theme.vega_config(options.theme)
    text = {"type": "text", "align": "right", "baseline": "bottom", "dx": -8, "dy": -10}
    text |= {"fontWeight": "bold", "fontSize": 12}
    halo = {**text, "stroke": config["background"], "strokeWidth": 4, "strokeJoin": "round"}
    encoding = {"text": {"field": "text", "type": "nominal"}}
    return {
        "name": "latest_value",
        "data": {"values": data},
        "layer": [
            {"mark": halo, "encoding": encoding},
            {"mark": {**text, "color": config["legend"]["labelColor"]}, "encoding": encoding},
            {
                "mark": {
                    "type": "point",
                    "size": 160,
                    "strokeWidth": 2,
                    "color": config["legend"]["labelColor"],
                }
            },
        ],
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
    preferred = [{"filter": {"field": "line", "equal": True}}]
    if series.get("kind") == "flow":
        stem = {"type": "rule", "strokeWidth": 1.5, "opacity": 0.6}
        return {"transform": preferred, "mark": stem, "encoding": {**encoding, "y2": {"datum": 0}}}
    line = {"type": "line", "strokeWidth": 1.8, "interpolate": "linear"}
    return {
        "transform": preferred,
        "mark": line,
        "encoding": {**encoding, "detail": {"field": "series"}},
    }


def _disagreement_rules(claims: list[Claim]) -> dict[str, Any] | None:
    """A dashed rule spanning the values claimed on each date where claims cannot all hold."""
    by_date: dict[str, list[int]] = defaultdict(list)
    for claim in claims:
        if claim.conflict:
            by_date[claim.date.isoformat()].append(claim.value)
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


def _agreement(datum: dict[str, Any], claim: Claim) -> dict[str, Any]:
    datum["agreement"] = DISAGREE_LABEL if claim.conflict else AGREE_LABEL
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
