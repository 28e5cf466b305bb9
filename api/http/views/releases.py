"""/v1/releases: release batch events with every source's claim."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.domain.columns import RELEASES_CSV
from api.http.negotiation import wants_csv
from api.http.responses import csv_response, database, list_envelope
from api.http.smorest import Blueprint
from api.render.csv import release_rows
from api.schemas.common import DEFAULT_LIMIT
from api.schemas.releases import ReleaseArgsSchema, ReleaseListSchema
from api.services.reads.releases import list_releases

blp = Blueprint("releases", __name__, url_prefix="/v1", description="Release batches")

CSV_SCHEMA = {"type": "string", "description": "RFC 4180 CSV with a header row"}


@blp.route("/releases.csv", endpoint="ReleasesCsv")
@blp.route("/releases")
class Releases(MethodView):
    @blp.arguments(ReleaseArgsSchema, location="query")
    @blp.response(200, ReleaseListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any]) -> Any:
        """Release events, each with every source's claim of its size; JSON or CSV."""
        csv_wanted = wants_csv(args.pop("format", None))
        as_of, offset, limit = args.pop("as_of", None), args.pop("offset"), args.pop("limit", None)
        if limit is None and not csv_wanted:
            limit = DEFAULT_LIMIT
        page = list_releases(database(), as_of, args, offset, limit)
        if csv_wanted:
            return csv_response(page, RELEASES_CSV, release_rows(page.data), "releases")
        return list_envelope(page)
