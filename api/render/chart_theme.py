"""Colours and Vega-Lite `config` for the charts: light and dark, readable when colour-blind.

The palette is Okabe & Ito's (2008), chosen so that the common forms of colour blindness
still tell every hue apart; hollow versus filled points carry the exact/bounded difference
without relying on colour at all.
"""

from __future__ import annotations

from typing import Any, Final

from api.domain.vocabulary import CHART_THEMES

OKABE_ITO: Final = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
)
AGREE: Final = "#0072B2"
DISAGREE: Final = "#D55E00"
OTHER: Final = {"light": "#8c8c8c", "dark": "#9a9a9a"}
THEMES: Final = CHART_THEMES

_INK = {
    "light": {"background": "#ffffff", "text": "#1a1a1a", "muted": "#555555", "grid": "#e6e6e6"},
    "dark": {"background": "#16181d", "text": "#f0f0f0", "muted": "#b8b8b8", "grid": "#33363d"},
}
FONT: Final = "Liberation Sans, Arial, Helvetica, sans-serif"


def background(theme: str) -> str:
    """The chart's background colour (hollow points are filled with it)."""
    return _INK[theme]["background"]


def vega_config(theme: str) -> dict[str, Any]:
    """A Vega-Lite `config` block: fonts, colours of text, axes and grid."""
    ink = _INK[theme]
    axis = {
        "labelColor": ink["muted"],
        "titleColor": ink["muted"],
        "gridColor": ink["grid"],
        "domainColor": ink["muted"],
        "tickColor": ink["muted"],
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
    }
    return {
        "background": ink["background"],
        "font": FONT,
        "view": {"stroke": None},
        "axis": axis,
        "legend": {"labelColor": ink["text"], "titleColor": ink["muted"], "labelLimit": 260},
        "title": {
            "color": ink["text"],
            "subtitleColor": ink["muted"],
            "fontSize": 15,
            "subtitleFontSize": 11,
            "anchor": "start",
            "offset": 12,
        },
        "range": {"category": list(OKABE_ITO)},
    }
