"""/v1/series/{id}/vintages: the revisions at which a series changed (ALFRED's vintage dates)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.http.answers import Output, answer, asked, csv_answer, unpaged
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.vintages import VintageArgsSchema, VintageListSchema
from api.services.research.vintages import series_vintages

blp = Blueprint("vintages", __name__, url_prefix="/v1", description="Vintages of a series")

VINTAGE_COLUMNS = (
    "revision",
    "created_at",
    "tags",
    "claims_added",
    "claims_corrected",
    "claims_removed",
    "series_changed",
    "author",
    "message",
)


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "tags": " ".join(row["tags"])} for row in rows]


@blp.route("/series/<series_id>/vintages.csv", endpoint="VintagesCsv")
@blp.route("/series/<series_id>/vintages")
class SeriesVintages(MethodView):
    @blp.arguments(VintageArgsSchema, location="query")
    @blp.response(200, VintageListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, **csv_answer("one row per vintage"))
    def get(self, args: dict[str, Any], series_id: str) -> Response:
        """The revisions (with their tags) at which the series or its claims changed."""
        how = asked(args)
        page = series_vintages(database(), series_id, args.get("as_of"))
        output = Output(
            VintageListSchema().dump, VINTAGE_COLUMNS, f"{series_id}.vintages", _rows, unpaged
        )
        return answer(page, how, output, series_id=series_id)
