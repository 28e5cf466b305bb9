"""Writes of sources, series, documents and tags (bearer token, write scope)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.http.auth import Created, created, require_writer, write_request
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.writes import (
    DocumentBodySchema,
    SeriesBodySchema,
    SourceBodySchema,
    TagBodySchema,
    WriteResultSchema,
)
from api.services.writes import catalog_writes
from api.services.writes.writing import Action, perform

blp = Blueprint(
    "catalog_writes",
    __name__,
    url_prefix="/v1",
    description="Adding and correcting sources, series, documents",
)
blp.before_request(require_writer)
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def _write(message: str | None, default: str, action: Action) -> Created:
    return created(perform(database(), write_request(message, default), action))


@blp.route("/sources")
class NewSource(MethodView):
    @blp.arguments(SourceBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, body: dict[str, Any]) -> Created:
        """Add a source (an organisation or person that counts or reports)."""
        message = body.pop("message", None)
        action = catalog_writes.add_source(body)
        return _write(message, f"added source {body['id']}", action)


@blp.route("/sources/<source_id>")
class SourceChanges(MethodView):
    @blp.arguments(SourceBodySchema(partial=True, exclude=("id",)))
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def patch(self, body: dict[str, Any], source_id: str) -> Created:
        """Correct a source's name, kind, homepage or description: a new version."""
        message = body.pop("message", None)
        action = catalog_writes.update("source", source_id, body)
        return _write(message, f"corrected source {source_id}", action)


@blp.route("/series")
class NewSeries(MethodView):
    @blp.arguments(SeriesBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, body: dict[str, Any]) -> Created:
        """Add a series `{country}.{measure}.{source_id}`; a new country needs no code."""
        message = body.pop("message", None)
        action = catalog_writes.add_series(body)
        return _write(message, "added a series", action)


@blp.route("/series/<series_id>")
class SeriesChanges(MethodView):
    @blp.arguments(
        SeriesBodySchema(partial=True, exclude=("id", "country", "measure", "source_id"))
    )
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def patch(self, body: dict[str, Any], series_id: str) -> Created:
        """Correct a series' title, kind, unit, method note or licence: a new version."""
        message = body.pop("message", None)
        action = catalog_writes.update("series", series_id, body)
        return _write(message, f"corrected series {series_id}", action)


@blp.route("/documents")
class NewDocument(MethodView):
    @blp.arguments(DocumentBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, body: dict[str, Any]) -> Created:
        """Add a document (a publication that figures are read from)."""
        message = body.pop("message", None)
        action = catalog_writes.add_document(body)
        return _write(message, f"added document {body['url']}", action)


@blp.route("/documents/<int:document_id>")
class DocumentChanges(MethodView):
    @blp.arguments(DocumentBodySchema(partial=True))
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def patch(self, body: dict[str, Any], document_id: int) -> Created:
        """Correct a document's address, title, publisher or dates: a new version."""
        message = body.pop("message", None)
        action = catalog_writes.update("document", document_id, body)
        return _write(message, f"corrected document {document_id}", action)


@blp.route("/tags")
class NewTag(MethodView):
    @blp.arguments(TagBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, body: dict[str, Any]) -> Created:
        """Name a revision (the latest by default); a tag is never moved. One revision."""
        action = catalog_writes.tag(body["name"], body.get("revision"), body.get("message"))
        return _write(body.get("message"), f"tagged as {body['name']}", action)
