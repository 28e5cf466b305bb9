"""/v1/export/datapackage.zip (the data set as a Data Package) and /v1/citation."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Response, current_app, g
from flask.views import MethodView

from api.domain.records import DatasetInfo, PackageData
from api.http.addresses import base_url
from api.http.responses import database, disposition
from api.http.smorest import Blueprint
from api.render.citation import EXTENSIONS, MEDIA_TYPES, render_citation
from api.render.datapackage import PackageInfo, write_zip
from api.schemas.exports import CitationArgsSchema, PackageArgsSchema
from api.services.publishing.citation import citation
from api.services.publishing.datapackage import package_data

blp = Blueprint("export", __name__, url_prefix="/v1", description="Data package and citation")

ZIP_SCHEMA = {"type": "string", "format": "binary", "description": "Frictionless Data Package v2"}
TEXT_SCHEMA = {"type": "string"}
IN_MEMORY_BYTES = 32 * 1024 * 1024  # a larger package spills to a temporary file


@blp.route("/export/datapackage.zip")
class DataPackage(MethodView):
    @blp.arguments(PackageArgsSchema, location="query", as_kwargs=True)
    @blp.alt_response(200, schema=ZIP_SCHEMA, content_type="application/zip", success=True)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, as_of: str | None = None) -> Response:
        """The whole data set at a revision: CSV tables with Table Schemas, keys and hashes."""
        data = package_data(database(), as_of)
        g.dataset_revision = data.revision  # ETag and 304 per revision: middleware/caching.py
        return _zip_response(data)


def _zip_response(data: PackageData) -> Response:
    """The package written to a spooled file, then sent from it in chunks."""
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    write_zip(data, spool, PackageInfo(homepage=current_app.config.get("PUBLIC_BASE_URL")))
    size = spool.tell()
    spool.seek(0)
    response = Response(_read_and_close(spool), mimetype="application/zip")
    response.headers["Content-Length"] = str(size)
    name = f"prisoner-counts.r{data.revision}.zip"
    response.headers["Content-Disposition"] = disposition("attachment", name)
    return response


def _read_and_close(spool: IO[bytes]) -> Iterator[bytes]:
    """The file in chunks, closed when the answer ends (or the client goes away)."""
    try:
        while chunk := spool.read(1 << 16):
            yield chunk
    finally:
        spool.close()


CSL_SCHEMA = {"type": "array", "items": {"type": "object"}, "description": "CSL-JSON items"}


@blp.route("/citation")
class Citation(MethodView):
    @blp.arguments(CitationArgsSchema, location="query", as_kwargs=True)
    @blp.alt_response(200, schema=TEXT_SCHEMA, content_type="text/plain", success=True)
    @blp.alt_response(200, schema=TEXT_SCHEMA, content_type=MEDIA_TYPES["bibtex"], success=True)
    @blp.alt_response(200, schema=TEXT_SCHEMA, content_type=MEDIA_TYPES["ris"], success=True)
    @blp.alt_response(200, schema=CSL_SCHEMA, content_type=MEDIA_TYPES["csl-json"], success=True)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(
        self, style: str = "apa", series: str | None = None, as_of: str | None = None
    ) -> Response:
        """A citation of the data set or of one series, pinned to a revision, with its URL."""
        cite = citation(database(), series, as_of, _base_url(), _dataset_info())
        g.dataset_revision = cite.revision
        response = Response(render_citation(cite, style), mimetype=MEDIA_TYPES[style])
        name = f"{cite.key}.{EXTENSIONS[style]}"
        response.headers["Content-Disposition"] = disposition("inline", name)
        return response


def _base_url() -> str:
    """The service's public address (PUBLIC_BASE_URL, else the request's own)."""
    return base_url()


def _dataset_info() -> DatasetInfo:
    settings = {"title": "DATASET_TITLE", "author": "DATASET_AUTHOR"}
    overrides = {k: current_app.config[v] for k, v in settings.items() if current_app.config.get(v)}
    return DatasetInfo(**overrides)
