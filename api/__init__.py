"""Prisoner Counts API: the Flask application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from flask_compress import Compress

from api import cli, config
from api.http import auth, responses, views
from api.http.json import IsoJSONProvider
from api.http.middleware import (
    aliases,
    caching,
    hit_layer,
    limits,
    observability,
    problems,
    security,
)
from api.http.openapi import ContractPlugin
from api.http.smorest import Api, openapi_plugin, register_fields
from api.schemas.series_data import COMPONENTS as SERIES_DATA_COMPONENTS
from api.storage.db import Database


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, database, API blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.json = IsoJSONProvider(app)
    app.extensions["database"] = Database(app.config["DATABASE_URL"])

    app.url_map.converters["int"] = security.BoundedInt
    plugins = {"marshmallow_plugin": openapi_plugin(), "extra_plugins": [ContractPlugin()]}
    api = Api(app, spec_kwargs=plugins)
    register_fields(api)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    views.register(app, api)
    for name, schema in SERIES_DATA_COMPONENTS.items():
        api.spec.components.schema(name, schema=schema)
    Compress(app)  # after-hooks run in reverse: compression last,
    caching.register_store(app)  # after the answer is stored with all its headers
    problems.register(app)
    aliases.register(app)
    responses.register(app)
    security.register(app)
    observability.register(app)
    limits.register(app)
    app.after_request(auth.unauthorized_headers)
    caching.register_lookup(app)  # last, so request ids, checks and rate limits come first
    hit_layer.install(app)  # WSGI, in front of Flask: counts requests, answers hits
    security.trust_proxies(app)  # WSGI, outermost: the client's address for the layer
    cli.init_app(app)
    return app
