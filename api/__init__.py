"""Prisoner Counts API: the Flask application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from api import cli, config
from api.http import (
    aliases,
    catalog,
    compare,
    export,
    history,
    observations,
    problems,
    release_summary,
    releases,
    responses,
    vintages,
)
from api.http.smorest import Api
from api.schemas.series_data import COMPONENTS as SERIES_DATA_COMPONENTS
from api.storage.db import Database


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, database, API blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["database"] = Database(app.config["DATABASE_URL"])

    api = Api(app)
    for module in (catalog, observations, releases, history):
        api.register_blueprint(module.blp)
    for module in (compare, release_summary, vintages, export):
        api.register_blueprint(module.blp)
    for name, schema in SERIES_DATA_COMPONENTS.items():
        api.spec.components.schema(name, schema=schema)
    problems.register(app)
    aliases.register(app)
    responses.register(app)
    cli.init_app(app)
    return app
