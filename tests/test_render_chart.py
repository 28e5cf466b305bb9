"""The chart renderers: pure functions from rows and metadata to Vega-Lite specs."""

from __future__ import annotations

import datetime as dt

from api.domain.records import Batch, Claim
from api.render import images
from api.render.chart import DISAGREE_LABEL, RING, compare_spec, series_labels, series_spec
from api.render.chart_parts import (
    BOUNDED,
    ChartOptions,
    RevisionStamp,
    counted_by_line,
    safe_url,
    service_line,
)
from api.render.release_chart import OTHER_SOURCES, releases_spec, source_colours
from tests.claims import make_claim

STAMP = RevisionStamp(7, dt.datetime(2025, 12, 1, 9, 30, tzinfo=dt.UTC), ("2025.12",))
SERIES = {
    "id": "XX.political_prisoners.alpha",
    "title": "Political prisoners per Alpha",
    "source_name": "Alpha Watch",
    "measure": "political_prisoners",
    "country": "XX",
    "kind": "stock",
    "unit": "persons",
    "licence": "CC-BY-4.0",
}


def claim(observation_id: int, date: str, value: int, **fields: object) -> Claim:
    row: dict[str, object] = {
        "observation_id": observation_id,
        "series_id": SERIES["id"],
        "source_id": "alpha",
        "date": dt.date.fromisoformat(date),
        "date_precision": "day",
        "value": value,
        "qualifier": "exact",
        "primary": True,
        "preferred": True,
        "conflict": False,
        "reported_by": "Alpha Watch",
        "publisher": "Alpha Watch",
        "quote": f"{value} held.",
        "document_url": "https://alpha.test/a",
        "document_title": "Alpha review",
        "published_at": None,
        "release_id": None,
    }
    row.update(fields)
    return make_claim(**row)


CLAIMS = [
    claim(1, "2024-01-31", 100),
    claim(3, "2024-02-29", 120, conflict=True),
    claim(
        4,
        "2024-02-29",
        125,
        qualifier="at_least",
        primary=False,
        preferred=False,
        conflict=True,
        reported_by="Weekly Test",
        publisher="Weekly Test",
        document_url="https://news.test/b",
        document_title=None,
    ),
]


def test_a_claim_becomes_one_datum_with_its_tooltip_words():
    spec = series_spec(SERIES, CLAIMS, STAMP, ChartOptions())
    assert spec["data"]["values"][2] == {
        "id": 4,
        "series": "Alpha Watch",
        "date": "2024-02-29",
        "value": 125,
        "kind": BOUNDED,
        "preferred": False,
        "line": False,
        "conflict": True,
        "label": "Alpha Watch: at least 125 on 2024-02-29, reported by Weekly Test",
        "Value": "at least 125",
        "Date": "2024-02-29",
        "Qualifier": "at least",
        "Reported by": "Weekly Test",
        "Publisher": "Weekly Test",
        "Quote": "125 held.",
        "Document": "news.test",
        "url": "https://news.test/b",
        "agreement": DISAGREE_LABEL,
    }


def test_series_spec_draws_bounds_as_rings_and_spans_disagreement():
    spec = series_spec(SERIES, CLAIMS, STAMP, ChartOptions())
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    rules, line, points, latest = spec["layer"]
    assert rules["data"]["values"] == [{"date": "2024-02-29", "low": 120, "high": 125}]
    assert line["mark"]["type"] == "line"
    # The line joins the exact preferred values only: a bound never pulls it.
    assert line["transform"] == [{"filter": {"field": "line", "equal": True}}]
    assert [d["line"] for d in spec["data"]["values"]] == [True, True, False]
    assert latest["data"]["values"][0]["text"] == "120 · 2024-02-29"
    halo, text, ring = latest["layer"]
    assert (halo["mark"]["type"], text["mark"]["type"], ring["mark"]["type"]) == (
        "text",
        "text",
        "point",
    )
    assert halo["mark"]["stroke"] == "#ffffff" and text["mark"]["align"] == "right"
    assert spec["encoding"]["x"]["scale"]["padding"] == spec["encoding"]["y"]["scale"]["padding"]
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", RING]
    assert points["encoding"]["href"] == {"field": "url", "type": "nominal"}
    tooltip = [t["field"] for t in points["encoding"]["tooltip"]]
    assert tooltip == [
        "Value",
        "Date",
        "Qualifier",
        "Reported by",
        "Publisher",
        "Quote",
        "Document",
    ]


def test_flows_get_stems_not_a_line():
    spec = series_spec({**SERIES, "kind": "flow"}, CLAIMS[:1], STAMP, ChartOptions())
    assert [layer.get("mark", {}).get("type") for layer in spec["layer"]] == ["rule", "point", None]
    assert spec["layer"][2]["name"] == "latest_value"


def test_attribution_names_counter_reporters_service_revision_and_licence():
    spec = series_spec(SERIES, CLAIMS, STAMP, ChartOptions(width=640))
    assert spec["title"] == {
        "text": "Political prisoners per Alpha",
        "subtitle": [
            "Counted by Alpha Watch; via Weekly Test",
            "Prisoner Counts API · revision 7 (tag 2025.12), 2025-12-01 · data CC-BY-4.0",
            "Line: exact values only; rings: bounds and estimates",
        ],
    }


def test_a_chart_that_fills_its_frame_wraps_its_text_for_a_phone():
    long_title = "Political prisoners held in Belarus, according to Human Rights Centre Viasna"
    spec = series_spec({**SERIES, "title": long_title}, CLAIMS, STAMP, ChartOptions(width=None))
    assert spec["title"]["text"] == [
        "Political prisoners held in Belarus,",
        "according to Human Rights Centre Viasna",
    ]
    assert spec["title"]["subtitle"][1:] == [
        "Prisoner Counts API · revision 7 (tag 2025.12),",
        "2025-12-01 · data CC-BY-4.0",
        "Line: exact values only; rings: bounds and estimates",
    ]
    assert spec["config"]["legend"]["direction"] == "vertical"
    wide = spec["usermeta"]["layouts"]["wide"]
    assert wide["title"]["text"] == [
        "Political prisoners held in Belarus, according to Human Rights Centre",
        "Viasna",
    ]
    assert wide["config"] == {
        "legend": {"direction": "horizontal", "columns": 0, "labelLimit": 260}
    }


def test_a_pinned_chart_says_as_of_and_a_title_of_ones_own_keeps_the_attribution():
    pinned = RevisionStamp(7, None, (), pinned="7")
    spec = series_spec(SERIES, CLAIMS, pinned, ChartOptions(title="My title"))
    assert spec["title"]["text"] == "My title"
    assert spec["title"]["subtitle"][1] == "Prisoner Counts API · as of revision 7 · data CC-BY-4.0"


def test_the_text_alternative_summarises_the_series():
    spec = series_spec(SERIES, CLAIMS, STAMP, ChartOptions())
    assert spec["description"] == (
        "Chart of Political prisoners per Alpha: 3 claims from 2024-01-31 to 2024-02-29. "
        "Latest: 120 on 2024-02-29. The line joins 2 exact preferred values; "
        "1 bound or estimate drawn apart. 1 date where claims cannot all be true. "
        "Counted by Alpha Watch; revision 7."
    )


def test_responsive_width_and_themes():
    spec = series_spec(SERIES, CLAIMS, STAMP, ChartOptions(width=None, theme="dark", height=300))
    assert (spec["width"], spec["height"]) == ("container", 300)
    assert spec["config"]["background"] == "#16181d"


def test_counted_by_line_lists_the_most_frequent_reporters_first():
    reporters = ["B", "A", "A", "C", "D", "D", "D", "E"]
    assert counted_by_line(["X"], reporters) == "Counted by X; via D, A, B and 2 more"
    assert counted_by_line(["X", "Y"], []) == "Counted by X and Y"


def test_service_line_without_tags():
    stamp = RevisionStamp(3, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert (
        service_line(stamp, ChartOptions(), None) == "Prisoner Counts API · revision 3, 2026-01-02"
    )


def test_only_http_links_survive():
    assert safe_url("https://a.test/x") == "https://a.test/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url(None) is None


def test_compare_colours_each_series_and_labels_repeated_sources_by_title():
    other = {**SERIES, "id": "XX.released.alpha", "title": "Released per Alpha", "kind": "flow"}
    beta = {**SERIES, "id": "XX.political_prisoners.beta", "source_name": "Beta"}
    assert series_labels([SERIES, other, beta]) == {
        SERIES["id"]: "Political prisoners per Alpha",
        other["id"]: "Released per Alpha",
        beta["id"]: "Beta",
    }
    spec = compare_spec([SERIES, beta], CLAIMS, STAMP, ChartOptions())
    colour = spec["layer"][1]["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Alpha Watch", "Beta"], "range": ["#0072B2", "#E69F00"]}
    assert spec["title"]["text"] == "Political prisoners in XX: 2 series compared"


def batch(release_id: str, date: str, claims: list[Claim]) -> Batch:
    return Batch(
        release_id,
        dt.date.fromisoformat(date),
        "day",
        "XX",
        "mixed",
        "pardon",
        None,
        release_id,
        None,
        claims=claims,
    )


def release_claim(observation_id: int, source: str, value: int, **fields: object) -> Claim:
    return claim(observation_id, "2024-03-01", value, source_id=source, **fields)


def test_release_chart_has_a_bar_per_source_and_ticks_for_its_other_claims():
    batches = [
        batch(
            "B1",
            "2024-03-01",
            [
                release_claim(1, "beta", 10, published_at="2024-03-01"),
                release_claim(2, "beta", 12, primary=False, published_at="2024-03-05"),
                release_claim(3, "alpha", 12, qualifier="about", primary=False),
            ],
        ),
        batch("B2", "2024-04-01", [release_claim(4, "alpha", 5)]),
    ]
    names = {"alpha": "Alpha Watch", "beta": "Beta"}
    picks = {("B1", "alpha"): 3, ("B1", "beta"): 1, ("B2", "alpha"): 4}  # the rule's choice
    spec = releases_spec(batches, picks, names, STAMP, ChartOptions())
    bars = [(d["Source"], d["value"], d["x0"], d["x1"]) for d in spec["data"]["values"]]
    assert bars == [
        ("Alpha Watch", 12, 0.22, 0.472),  # two bars of 0.28, centred in batch 0
        ("Beta", 10, 0.5, 0.752),  # its own publication wins over a later report
        ("Alpha Watch", 5, 1.36, 1.612),
    ]
    ticks = spec["layer"][1]["data"]["values"]
    assert [(t["Source"], t["value"], t["xmid"]) for t in ticks] == [("Beta", 12, 0.626)]
    assert (
        spec["encoding"]["x"]["axis"]["labelExpr"]
        == '["2024-03-01", "2024-04-01"][floor(datum.value)]'
    )
    assert spec["title"]["subtitle"][-1].startswith("Hollow bars: bounds or estimates")


def test_release_colours_go_to_the_sources_reporting_most_batches():
    claims = [release_claim(i, f"s{i}", 1) for i in range(9)]
    colours = source_colours([batch("B", "2024-03-01", claims)], {}, "light")
    assert list(colours)[:2] == ["s0", "s1"]
    assert len(colours) == 8 and colours[OTHER_SOURCES] == "#8c8c8c"


def test_accessible_svg_puts_an_escaped_title_and_desc_first():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'
    tagged = images.accessible_svg(svg, "A <b>&", 'said "<script>"')
    assert tagged == (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><title>A &lt;b&gt;&amp;</title>'
        b'<desc>said "&lt;script&gt;"</desc><g/></svg>'
    )
