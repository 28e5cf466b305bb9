"""The Vega-Lite spec of release batches: a group of bars per batch, a colour per source.

Each source that gave a size for a batch gets one bar: its preferred claim for that
batch, as the preferred-claim rule picks it (`api.domain.preference`, asked by the
service). With `claims=all`, the source's other claims of a different size are drawn as
ticks on top, so disagreement inside a source stays visible. The x axis is numeric so that
a group is only as wide as its bars (batches have one to ten sources) and the chart can
fill any width.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Final

from api.domain.records import Batch, Claim
from api.render import chart_theme
from api.render.alt_text import releases_summary
from api.render.chart_parts import (
    BOUNDED,
    EXACT,
    ChartOptions,
    RevisionStamp,
    claim_datum,
    date_words,
    described,
    laid_out,
    legend,
    service_line,
    tooltip,
    top_level,
)

TITLE: Final = "Release batches: how many people each source says were released"
OTHER_SOURCES: Final = "other sources"
HOLLOW_NOTE: Final = "Hollow bars: bounds or estimates (at least, about, …)"
BAR_SHARE: Final = 0.8  # of a batch's slot; the rest separates batches
MAX_BAR: Final = 0.28  # a lone bar stays narrow


def releases_spec(
    batches: list[Batch],
    picks: dict[tuple[str, str], int],
    source_names: dict[str, str],
    revision: RevisionStamp,
    options: ChartOptions,
) -> dict[str, Any]:
    """Bars per batch and source; ticks for a source's other, differing claims.

    `picks` names, per (batch, source id), the observation id of the source's preferred
    claim for the batch (chosen by the preferred-claim rule, in the service).
    """
    colours = source_colours(batches, source_names, options.theme)
    bars, ticks = _bars_and_ticks(batches, picks, source_names, colours)
    claims = [c for b in batches for c in b.claims]
    counters = {_source(c, source_names) for c in claims}
    lines = [
        f"Counted by {len(counters)} sources (legend); a bar per source, ticks: its other claims",
        service_line(revision, options, None),
    ]
    if any(c.qualifier != "exact" for c in claims):
        lines.append(HOLLOW_NOTE)
    colour = _colour_encoding(colours)
    layers = [_bar_layer(colour)] + (
        [_tick_layer(ticks, colour)] if options.claims == "all" and ticks else []
    )
    spec = top_level(options, releases_summary(batches, revision))
    spec.update(
        data={"values": bars},
        encoding={"x": _batch_axis(batches), "y": _value_axis()},
        layer=layers,
        usermeta={"revision": revision.id, "tags": list(revision.tags), "batches": len(batches)},
    )
    return laid_out(spec, TITLE, lines, options, many=True, angled=True)


def source_colours(
    batches: list[Batch], source_names: dict[str, str], theme: str
) -> dict[str, str]:
    """A colour for each of the sources reporting most batches; the rest share grey."""
    reach = Counter(name for b in batches for name in {_source(c, source_names) for c in b.claims})
    top = sorted(reach, key=lambda name: (-reach[name], name))[: len(chart_theme.OKABE_ITO)]
    colours = dict(zip(top, chart_theme.OKABE_ITO, strict=False))
    if len(reach) > len(top):
        colours[OTHER_SOURCES] = chart_theme.OTHER[theme]
    return colours


def _bars_and_ticks(
    batches: list[Batch],
    picks: dict[tuple[str, str], int],
    names: dict[str, str],
    colours: dict[str, str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    bars: list[dict[str, Any]] = []
    ticks: list[dict[str, Any]] = []
    for index, batch in enumerate(batches):
        by_source: dict[str, list[Claim]] = {}
        for claim in batch.claims:
            by_source.setdefault(_source(claim, names), []).append(claim)
        width = min(MAX_BAR, BAR_SHARE / max(1, len(by_source)))
        left = index + (1 - width * len(by_source)) / 2
        for slot, (source, claims) in enumerate(sorted(by_source.items())):
            chosen = _picked(batch, claims, picks)
            x0 = left + slot * width
            datum = _bar_datum(chosen, batch, source, colours, (x0, x0 + width * 0.9))
            bars.append(datum)
            differing = [c for c in claims if c.value != chosen.value]
            ticks += [{**datum, **claim_datum(c, source)} for c in differing]
    return bars, ticks


def _bar_datum(
    claim: Claim,
    batch: Batch,
    source: str,
    colours: dict[str, str],
    span: tuple[float, float],
) -> dict[str, Any]:
    datum = claim_datum(claim, source)
    datum.update(
        x0=round(span[0], 4),
        x1=round(span[1], 4),
        xmid=round((span[0] + span[1]) / 2, 4),
        colour_group=source if source in colours else OTHER_SOURCES,
        Batch=batch.title or batch.release_id,
        Mechanism=batch.mechanism or "",
        Source=source,
    )
    return datum


def _picked(batch: Batch, claims: list[Claim], picks: dict[tuple[str, str], int]) -> Claim:
    """The claim the rule picked for the batch among one source's claims."""
    chosen = picks.get((batch.release_id, claims[0].source_id))
    return next((c for c in claims if c.observation_id == chosen), claims[0])


def _source(claim: Claim, names: dict[str, str]) -> str:
    return names.get(claim.source_id, claim.source_id)


def _colour_encoding(colours: dict[str, str]) -> dict[str, Any]:
    return {
        "field": "colour_group",
        "type": "nominal",
        "scale": {"domain": list(colours), "range": list(colours.values())},
        "legend": legend(title="Counted by"),
    }


def _bar_layer(colour: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "claims",
        "mark": {"type": "bar", "strokeWidth": 1.5, "cursor": "pointer"},
        "encoding": described(
            {
                "x2": {"field": "x1"},
                "y2": {"datum": 0},
                "color": colour,
                "stroke": colour,
                "fillOpacity": {
                    "field": "kind",
                    "type": "ordinal",
                    "scale": {"domain": [EXACT, BOUNDED], "range": [1, 0]},
                    "legend": None,
                },
                "tooltip": tooltip(("Batch", "Mechanism", "Source")),
            }
        ),
    }


def _tick_layer(ticks: list[dict[str, Any]], colour: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "other_claims",
        "data": {"values": ticks},
        "mark": {"type": "tick", "orient": "horizontal", "thickness": 2, "size": 12},
        "encoding": described(
            {
                "x": {"field": "xmid", "type": "quantitative"},
                "color": colour,
                "tooltip": tooltip(("Batch", "Mechanism", "Source")),
            }
        ),
    }


def _batch_axis(batches: list[Batch]) -> dict[str, Any]:
    labels = [date_words(b.date, b.date_precision or "day").split(" ")[0] for b in batches]
    centres = [i + 0.5 for i in range(len(batches))]
    return {
        "field": "x0",
        "type": "quantitative",
        "scale": {"domain": [0, max(1, len(batches))], "nice": False, "zero": False},
        "axis": {
            "title": None,
            "grid": False,
            "values": centres,
            "labelExpr": json.dumps(labels) + "[floor(datum.value)]",
            "labelAlign": "right",
            "labelOverlap": False,
            "labelFontSize": 10,
        },
    }


def _value_axis() -> dict[str, Any]:
    return {
        "field": "value",
        "type": "quantitative",
        "axis": {"title": "people released", "format": ",d"},
    }
