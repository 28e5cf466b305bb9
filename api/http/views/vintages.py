"""/v1/series/{id}/vintages: the revisions at which a series changed (ALFRED's vintage dates)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.http.negotiation import wants_csv
from api.http.responses import csv_response, database, list_envelope
from api.http.smorest import Blueprint
from api.schemas.vintages import VintageArgsSchema, VintageListSchema
from api.services.research.vintages import series_vintages

blp = Blueprint("vintages", __name__, url_prefix="/v1", description="Vintages of a series")

CSV_SCHEMA = {"type": "string", "description": "RFC 4180 CSV, one row per vintage"}
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


@blp.route("/series/<series_id>/vintages.csv", endpoint="VintagesCsv")
@blp.route("/series/<series_id>/vintages")
class SeriesVintages(MethodView):
    @blp.arguments(VintageArgsSchema, location="query")
    @blp.response(200, VintageListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any], series_id: str) -> Any:
        """The revisions (with their tags) at which the series or its claims changed."""
        csv_wanted = wants_csv(args.pop("format", None))
        page = series_vintages(database(), series_id, args.get("as_of"))
        if csv_wanted:
            rows = [{**row, "tags": " ".join(row["tags"])} for row in page.data]
            return csv_response(page, VINTAGE_COLUMNS, rows, f"{series_id}.vintages")
        envelope = list_envelope(page, series_id=series_id)
        return {k: envelope[k] for k in ("revision", "series_id", "data")}
