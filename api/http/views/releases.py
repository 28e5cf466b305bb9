"""/v1/releases: release batch events with every source's claim."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.domain.columns import RELEASES_CSV
from api.http.answers import Output, answer, asked, csv_answer
from api.http.responses import database
from api.http.smorest import Blueprint
from api.render.csv import release_rows
from api.schemas.releases import ReleaseArgsSchema, ReleaseListSchema
from api.services.reads.releases import list_releases

blp = Blueprint("releases", __name__, url_prefix="/v1", description="Release batches")

RELEASES = Output(ReleaseListSchema().dump, RELEASES_CSV, "releases", csv_rows=release_rows)


@blp.route("/releases.csv", endpoint="ReleasesCsv")
@blp.route("/releases")
class Releases(MethodView):
    @blp.arguments(ReleaseArgsSchema, location="query")
    @blp.response(200, ReleaseListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        200,
        schema=csv_answer("one row per claim, its batch first"),
        content_type="text/csv",
        success=True,
    )
    def get(self, args: dict[str, Any]) -> Response:
        """Release events, each with every source's claim of its size; JSON or CSV."""
        how = asked(args)
        as_of, offset = args.pop("as_of", None), args.pop("offset")
        page = list_releases(database(), as_of, args, offset, how.limit)
        return answer(page, how, RELEASES)
