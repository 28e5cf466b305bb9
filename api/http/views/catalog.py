"""/v1/sources, /v1/series and /v1/documents."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.http.languages import CONTENT_LANGUAGE, localiser
from api.http.openapi import LANGUAGE_DOC
from api.http.responses import database, item_envelope, list_envelope
from api.http.smorest import Blueprint
from api.schemas.catalog import (
    DocumentArgsSchema,
    DocumentItemSchema,
    DocumentListSchema,
    SeriesArgsSchema,
    SeriesItemSchema,
    SeriesListSchema,
    SourceArgsSchema,
    SourceItemSchema,
    SourceListSchema,
)
from api.schemas.common import DEFAULT_LIMIT, AsOfArgsSchema
from api.services.reads import catalog

blp = Blueprint("catalog", __name__, url_prefix="/v1", description="Sources, series, documents")


@blp.route("/sources")
class Sources(MethodView):
    @blp.arguments(SourceArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, SourceListSchema, headers=CONTENT_LANGUAGE)
    @blp.doc(**LANGUAGE_DOC)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, as_of: str | None = None, kind: str | None = None) -> dict[str, Any]:
        """Every source: who counts and who reports."""
        return list_envelope(catalog.list_sources(database(), as_of, kind, localiser()))


@blp.route("/sources/<source_id>")
class SourceById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, SourceItemSchema, headers=CONTENT_LANGUAGE)
    @blp.doc(**LANGUAGE_DOC)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, source_id: str, as_of: str | None = None) -> dict[str, Any]:
        """One source and the ids of its series."""
        return item_envelope(catalog.get_source(database(), source_id, as_of, localiser()))


@blp.route("/series")
class SeriesList(MethodView):
    @blp.arguments(SeriesArgsSchema, location="query")
    @blp.response(200, SeriesListSchema, headers=CONTENT_LANGUAGE)
    @blp.doc(**LANGUAGE_DOC)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every series, filtered by country, measure, source or source kind."""
        as_of = args.pop("as_of", None)
        return list_envelope(catalog.list_series(database(), as_of, args, localiser()))


@blp.route("/series/<series_id>")
class SeriesById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, SeriesItemSchema, headers=CONTENT_LANGUAGE)
    @blp.doc(**LANGUAGE_DOC)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, series_id: str, as_of: str | None = None) -> dict[str, Any]:
        """One series: metadata, claim count, first and last date, latest preferred claim."""
        return item_envelope(catalog.get_series(database(), series_id, as_of, localiser()))


@blp.route("/documents")
class Documents(MethodView):
    @blp.arguments(DocumentArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, DocumentListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(
        self, as_of: str | None = None, offset: int = 0, limit: int | None = None
    ) -> dict[str, Any]:
        """Every document (publication) that figures were read from."""
        page = catalog.list_documents(database(), as_of, offset, limit or DEFAULT_LIMIT)
        return list_envelope(page)


@blp.route("/documents/<int:document_id>")
class DocumentById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, DocumentItemSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, document_id: int, as_of: str | None = None) -> dict[str, Any]:
        """One document and the claims that cite it."""
        return item_envelope(catalog.get_document(database(), document_id, as_of))
