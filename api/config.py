"""Settings: defaults, then the environment, then test overrides (in `create_app`)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

# Settings read from the environment under their plain names, as the README documents.
PLAIN_ENV = ("DATABASE_URL", "PUBLIC_BASE_URL")


def defaults(app: Flask) -> dict[str, Any]:
    """The settings of a fresh checkout: SQLite under `instance/`."""
    database_path = os.path.join(app.instance_path, "prisoner-counts.sqlite")
    return {
        "DATABASE_URL": f"sqlite:///{database_path}",
        "PUBLIC_BASE_URL": None,  # e.g. https://prisoners.example.org; else the request's
        "CHART_CACHE_SIZE": 256,  # drawn charts kept per process; 0 turns the cache off
        "API_TITLE": "Prisoner Counts API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
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
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
