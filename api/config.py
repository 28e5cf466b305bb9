"""Settings: defaults, then the environment, then test overrides (in `create_app`)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

# Settings read from the environment under their plain names, as the README documents.
PLAIN_ENV = (
    "DATABASE_URL",
    "RATELIMIT_ENABLED",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_ANONYMOUS",
    "RATELIMIT_TOKEN",
    "PROXY_COUNT",
    "MAX_QUERY_LENGTH",
    "ACCESS_LOG",
    "PUBLIC_BASE_URL",
    "CACHE_REDIS_URL",
    "RESPONSE_CACHE_MB",
    "GUIDE_DIR",
    "CHART_MAX_POINTS",
    "CHART_RENDER_SECONDS",
    "CHART_RENDERS",
)
_FALSE = ("0", "false", "no", "off")


def defaults(app: Flask) -> dict[str, Any]:
    """The settings of a fresh checkout: SQLite under `instance/`."""
    database_path = os.path.join(app.instance_path, "prisoner-counts.sqlite")
    return {
        "DATABASE_URL": f"sqlite:///{database_path}",
        "GUIDE_DIR": os.path.join(app.instance_path, "site"),  # the built docs, served at /guide/
        "PUBLIC_BASE_URL": None,  # e.g. https://prisoners.example.org; else the request's
        "CHART_CACHE_SIZE": 256,  # drawn charts kept per process; 0 turns the cache off
        # The series the landing page shows first (if it has claims at the revision shown).
        "FEATURED_SERIES": "BY.political_prisoners.viasna",
        "CHART_MAX_POINTS": 2_000,  # claims drawn in one chart; beyond, thinned (and said so)
        "CHART_RENDER_SECONDS": 10.0,  # the time one drawing may take (503 past it)
        "CHART_RENDERS": None,  # drawings at once on the host; None: one less than workers
        "CHART_SLOTS_FOLDER": None,  # where the slots' lock files are; None: instance/
        "API_TITLE": "Prisoner Counts API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
        # A batch of 10,000 claims with long quotes fits; anything larger is a 413.
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "MAX_QUERY_LENGTH": 4096,
        "ACCESS_LOG": True,
        "CACHE_REDIS_URL": None,
        "RESPONSE_CACHE_MB": 64,  # answers kept in each process; 0 turns the cache off
        "RESPONSE_CACHE_SECONDS": 86400,
        "RESPONSE_CACHE_PREFIX": "prisoner-counts:",
        # What names this code in every cache key and ETag; None: a hash of the api package.
        "BUILD_FINGERPRINT": None,
        "COMPRESS_MIMETYPES": [
            "application/json",
            "application/problem+json",
            "application/atom+xml",
            "text/csv",
            "text/html",
            "image/svg+xml",
        ],
        "COMPRESS_MIN_SIZE": 1024,
        "RATELIMIT_ENABLED": True,
        # Where counts live: None = a file under instance/ that every worker of the host
        # maps; redis://host:6379 to share them between hosts; memory:// for one process.
        "RATELIMIT_STORAGE_URI": None,
        "RATELIMIT_KEY_PREFIX": "prisoner-counts",  # keys in a shared store: one per service
        "RATELIMIT_ANONYMOUS": "300 per minute",
        "RATELIMIT_TOKEN": "3000 per minute",
        # Reverse proxies in front of the service whose X-Forwarded-* headers to trust.
        "PROXY_COUNT": 0,
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Political prisoners and their releases, source by source, "
                "with the provenance of every number and a full version history.",
                "license": {"name": "Data: CC BY 4.0; code: MIT"},
            }
        },
    }


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill `app.config` in order: defaults, FLASK_* and plain environment, test overrides."""
    app.config.from_mapping(defaults(app))
    app.config.from_prefixed_env()
    for name in PLAIN_ENV:
        if os.environ.get(name):
            app.config[name] = _typed(app.config.get(name), os.environ[name])
    if test_config:
        app.config.from_mapping(test_config)


def _typed(default: Any, text: str) -> Any:
    """An environment string as the type of the setting's default."""
    if isinstance(default, bool):
        return text.strip().lower() not in _FALSE
    if isinstance(default, int):
        return int(text)
    return text
