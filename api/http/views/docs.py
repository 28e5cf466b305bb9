"""/docs: the API reference (Swagger UI) rendered from /v1/openapi.json, served locally."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

from api.http.html import html_response

blp = Blueprint("docs", __name__)


@blp.route("/docs", endpoint="reference")
def reference() -> Response:
    """The interactive API reference; its scripts and styles come from this service."""
    return html_response("docs.html", spec_url=url_for("api-docs.openapi_json"))
