"""What every chart shares: its options, the revision stamp, attribution and claim data.

Renderers are pure: they turn rows (as storage returns them) and this metadata into a
Vega-Lite spec. Nothing here queries or knows about HTTP.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from api.domain.records import Claim
from api.render import chart_theme

VEGA_LITE_SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v6.json"
QUALIFIER_WORDS: Final = {
    "exact": "exact",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "almost": "almost",
    "about": "about",
}
EXACT: Final = "exact"
BOUNDED: Final = "bound or estimate"
VIA_SHOWN: Final = 3
RESPONSIVE_WIDTH: Final = 340  # a chart filling its frame must fit a phone
NARROW: Final = 480
WIDE: Final = 640


@dataclass(frozen=True)
class RevisionStamp:
    """The revision a chart shows, and the `as_of` the client pinned it with, if any."""

    id: int
    created_at: dt.datetime | None
    tags: tuple[str, ...] = ()
    pinned: str | None = None


@dataclass(frozen=True)
class ChartOptions:
    """How to draw: size (width None = fill the container), theme, title, which claims."""

    width: int | None = 640
    height: int = 360
    theme: str = "light"
    title: str | None = None
    claims: str = "all"
    service: str = "Prisoner Counts API"


def top_level(options: ChartOptions, description: str) -> dict[str, Any]:
    """The keys every spec starts with: schema, size, autosize, theme, text alternative."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": options.width if options.width is not None else "container",
        "height": options.height,
        "autosize": {"type": "fit", "contains": "padding"},
        "padding": 8,
        "config": chart_theme.vega_config(options.theme),
    }


def layout_width(options: ChartOptions) -> int:
    """The width text must fit: the chart's, or a phone's when it fills its frame."""
    return options.width if options.width is not None else RESPONSIVE_WIDTH


def laid_out(
    spec: dict[str, Any],
    title: str,
    lines: list[str],
    options: ChartOptions,
    many: bool = False,
    angled: bool = False,
) -> dict[str, Any]:
    """The spec with its title and legends laid out for its width.

    A chart that fills its frame (width None) is laid out for a phone and carries both
    layouts in `usermeta.layouts`; the page's script picks one by the frame's width.
    `many`: legends of many entries go in two columns; `angled`: slanted x labels.
    """

    def layout(width: int) -> dict[str, Any]:
        config = {"legend": legend_layout(width, many)}
        if angled:
            config["axisX"] = {"labelAngle": -90 if width < NARROW else -45}
        return {"title": title_block(options.title or title, lines, width), "config": config}

    chosen = layout(layout_width(options))
    spec["title"] = chosen["title"]
    for key, values in chosen["config"].items():
        spec["config"].setdefault(key, {}).update(values)
    if options.width is None:
        spec["usermeta"]["layouts"] = {"narrow": chosen, "wide": layout(WIDE)}
    return spec


def title_block(title: str, lines: list[str], width: int) -> dict[str, Any]:
    """The title and the attribution lines under it, wrapped to `width` pixels."""
    heading = textwrap.wrap(title, max(24, int(width / 8.6)))
    subtitle = [part for line in lines for part in textwrap.wrap(line, max(30, int(width / 6.2)))]
    return {"text": heading if len(heading) > 1 else heading[0], "subtitle": subtitle}


def legend(**fields: Any) -> dict[str, Any]:
    """A legend under the chart; its layout is in `config.legend` (see `laid_out`)."""
    return {"title": None, "orient": "bottom", **fields}


def legend_layout(width: int, many: bool) -> dict[str, Any]:
    """Legends in a row when the chart is wide (two columns if `many`), stacked when narrow."""
    if width < NARROW:
        return {"direction": "vertical", "columns": 1, "labelLimit": 150}
    return {"direction": "horizontal", "columns": 2 if many else 0, "labelLimit": 260}


def service_line(revision: RevisionStamp, options: ChartOptions, licence: str | None) -> str:
    """`Prisoner Counts API · [as of] revision 3 (tag 2025.12), 2025-12-01 · CC-BY-4.0`."""
    words = f"revision {revision.id}"
    if revision.tags:
        words += f" (tag {', '.join(revision.tags)})"
    if revision.created_at is not None:
        words += f", {revision.created_at.date().isoformat()}"
    if revision.pinned is not None:
        words = "as of " + words
    parts = [options.service, words] + ([f"data {licence}"] if licence else [])
    return " · ".join(parts)


def counted_by_line(counters: Iterable[str], reporters: Iterable[str]) -> str:
    """`Counted by X; via A, B and 4 more` (via: who published others' counts)."""
    line = "Counted by " + _listed(_by_frequency(counters), VIA_SHOWN + 2)
    via = _by_frequency(reporters)
    return line + ("; via " + _listed(via, VIA_SHOWN) if via else "")


def reporter(claim: Claim) -> str:
    """Who published a claim: its `reported_by`, else the document's publisher."""
    return str(claim.reported_by or claim.publisher or "an unnamed publisher")


def copy_read(claim: Claim | Mapping[str, Any]) -> str:
    """`read at copy.test, 2024-03-03`: where and when the copy of the document was read."""
    where = url_host(claim.get("archive_url")) or claim.get("republished_by") or ""
    day = claim.get("retrieved_at")
    when = _iso(day) if day else ""
    if where:
        return f"read at {where}, {when}" if when else f"read at {where}"
    return f"read on {when}" if when else ""


def via_names(claims: Iterable[Claim]) -> list[str]:
    """Publishers of claims that the counting source did not publish itself."""
    return [reporter(c) for c in claims if not c.primary]


def is_exact(claim: Claim) -> bool:
    """An exact figure: neither a bound nor an estimate."""
    return claim.qualifier == "exact" and claim.status != "estimate"


def on_line(claim: Claim) -> bool:
    """Whether a chart's line runs through the claim: the preferred, exact total of its date."""
    return claim.preferred and is_exact(claim) and claim.part is None


def claim_datum(claim: Claim, label: str) -> dict[str, Any]:
    """One claim as chart data: the plotted fields and the tooltip's words."""
    qualifier = str(claim.qualifier)
    value = value_words(claim.value, qualifier)
    date = date_words(claim.date, str(claim.date_precision or "day"))
    return {
        "id": claim.observation_id,
        "series": label,
        "date": _iso(claim.date),
        "value": claim.value,
        "kind": EXACT if is_exact(claim) else BOUNDED,
        "preferred": bool(claim.preferred),
        "line": on_line(claim),
        "conflict": bool(claim.conflict),
        "label": f"{label}: {value} on {date}, reported by {reporter(claim)}",
        "Value": value,
        "Date": date,
        "Qualifier": QUALIFIER_WORDS.get(qualifier, qualifier),
        "Reported by": reporter(claim),
        "Publisher": claim.publisher or "unknown",
        "Quote": claim.quote or "",
        "Document": claim.document_title or url_host(claim.document_url),
        "url": safe_url(claim.document_url),
    }


TOOLTIP_FIELDS: Final = (
    "Value",
    "Date",
    "Qualifier",
    "Reported by",
    "Publisher",
    "Quote",
    "Document",
)


def tooltip(extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The tooltip: value, date, qualifier, who published it, the quote and the document."""
    return [{"field": name, "type": "nominal"} for name in extra + TOOLTIP_FIELDS]


def described(encoding: dict[str, Any]) -> dict[str, Any]:
    """A mark's encoding with its screen-reader label, a tooltip and a link to the document."""
    return {
        **encoding,
        "description": {"field": "label", "type": "nominal"},
        "href": {"field": "url", "type": "nominal"},
    }


def value_words(value: int, qualifier: str) -> str:
    """`at least 1,184`, or `1,257` for an exact claim."""
    number = f"{value:,}"
    return (
        number if qualifier == "exact" else f"{QUALIFIER_WORDS.get(qualifier, qualifier)} {number}"
    )


def date_words(date: dt.date | str, precision: str) -> str:
    """`2024-01-31`, or `2024-01 (month)` / `2024 (year)` for a coarser date."""
    text = _iso(date)
    if precision == "month":
        return f"{text[:7]} (month)"
    if precision == "year":
        return f"{text[:4]} (year)"
    return text


def safe_url(url: Any) -> str | None:
    """Only http(s) addresses become links; anything else (`javascript:` …) is dropped."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _iso(date: dt.date | str) -> str:
    return date.isoformat() if isinstance(date, dt.date) else str(date)


def url_host(url: Any) -> str:
    """`copy.test` of `https://copy.test/a`; empty for anything but an address."""
    return urlsplit(url).netloc if isinstance(url, str) else ""


def _by_frequency(names: Iterable[str]) -> list[str]:
    counts = Counter(names)
    return sorted(counts, key=lambda name: (-counts[name], name))


def _listed(names: list[str], shown: int) -> str:
    if not names:
        return "nobody named"
    if len(names) <= shown:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"
