"""Filters the HTML templates use to write claims the way the charts do."""

from __future__ import annotations

from typing import Any

from flask import Flask

from api.domain.vocabulary import COUNTRY_NAMES
from api.render.chart_parts import QUALIFIER_WORDS, date_words, reporter, safe_url, value_words


def claim_value(claim: dict[str, Any]) -> str:
    """`at least 1,184`."""
    return value_words(claim["value"], claim["qualifier"])


def claim_date(claim: dict[str, Any]) -> str:
    """`2024-01-31`, `2024-01 (month)`."""
    return date_words(claim["date"], claim.get("date_precision") or "day")


def qualifier(name: str) -> str:
    """`at_least` → `at least`."""
    return QUALIFIER_WORDS.get(name, name)


def country(code: str) -> str:
    """`BY` → `Belarus` (the code itself for a country without a name here)."""
    return COUNTRY_NAMES.get(code, code)


def register(app: Flask) -> None:
    """Make the filters available to every template."""
    app.add_template_filter(claim_value)
    app.add_template_filter(claim_date)
    app.add_template_filter(qualifier)
    app.add_template_filter(country)
    app.add_template_filter(reporter)
    app.add_template_filter(safe_url)
    app.add_template_filter(lambda n: f"{n:,}", "thousands")
