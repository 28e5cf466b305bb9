"""Filters the HTML templates use to write claims the way the charts do."""

from __future__ import annotations

from flask import Flask

from api.domain.records import Batch, Claim
from api.domain.vocabulary import COUNTRY_NAMES
from api.render.chart_parts import (
    QUALIFIER_WORDS,
    copy_read,
    date_words,
    is_exact,
    on_line,
    reporter,
    safe_url,
    url_host,
    value_words,
)


def claim_value(claim: Claim) -> str:
    """`at least 1,184`."""
    return value_words(claim.value, claim.qualifier)


def claim_date(claim: Claim) -> str:
    """`2024-01-31`, `2024-01 (month)`."""
    return date_words(claim.date, claim.date_precision or "day")


def qualifier(name: str) -> str:
    """`at_least` → `at least`."""
    return QUALIFIER_WORDS.get(name, name)


def country(code: str) -> str:
    """`BY` → `Belarus` (the code itself for a country without a name here)."""
    return COUNTRY_NAMES.get(code, code)


STEP_WORDS = {
    "only_claim": "the only claim for its date",
    "curator": "a curator's recorded choice",
    "own_publication": "the counting source's own publication",
    "qualifier": "an exact value before a bound or an estimate",
    "latest_published": "the most recently published",
    "latest_recorded": "the most recently recorded",
}


def chosen_by(step: str | None) -> str:
    """`qualifier` → `an exact value before a bound or an estimate`."""
    return STEP_WORDS.get(step or "", step or "")


def shown_as(claim: Claim) -> str:
    """How the charts draw a claim: on the line, as a ring, or as a point beside it."""
    if on_line(claim):
        return "on the line"
    return "point" if is_exact(claim) else "ring (bound or estimate)"


def disagreement(batch: Batch, names: dict[str, str]) -> str:
    """`52 (Reuters, US government) · 51 (AP, Pozirk) · 50 (RBC-Ukraine)`, per measure."""
    measures = {v.measure for v in batch.claimed_values}
    parts = []
    for entry in batch.claimed_values:
        sources = ", ".join(names.get(s, s) for s in entry.source_ids)
        words = f"{value_words(entry.value, entry.qualifier)} ({sources})"
        parts.append(f"{entry.measure.replace('_', ' ')}: {words}" if len(measures) > 1 else words)
    return " · ".join(parts)


def register(app: Flask) -> None:
    """Make the filters available to every template."""
    app.add_template_filter(claim_value)
    app.add_template_filter(claim_date)
    app.add_template_filter(qualifier)
    app.add_template_filter(country)
    app.add_template_filter(chosen_by)
    app.add_template_filter(shown_as)
    app.add_template_filter(disagreement)
    app.add_template_filter(reporter)
    app.add_template_filter(copy_read)
    app.add_template_filter(url_host, "host")
    app.add_template_filter(safe_url)
    app.add_template_filter(lambda n: f"{n:,}", "thousands")
