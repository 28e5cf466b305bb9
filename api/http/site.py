"""The human side of the service: pages, embed pages, oEmbed and the API docs."""

from __future__ import annotations

from flask import Flask

from api.http import docs, embed, oembed, pages, templating
from api.http.smorest import Api


def register(app: Flask, api: Api) -> None:
    """Register the HTML blueprints (kept out of the OpenAPI document) and oEmbed (in it)."""
    templating.register(app)
    for blueprint in (pages.blp, embed.blp, docs.blp):
        app.register_blueprint(blueprint)
    api.register_blueprint(oembed.blp)
