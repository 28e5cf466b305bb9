"""/v1/compare: several series aligned on dates or periods (wide JSON or CSV)."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from api.http.negotiation import wants_csv
from api.http.responses import csv_response, database
from api.http.smorest import Blueprint
from api.schemas.compare import CompareArgsSchema, ComparisonSchema
from api.services.research.compare import CompareQuery, compare
from api.services.results import Page

blp = Blueprint("compare", __name__, url_prefix="/v1", description="Series side by side")

CSV_SCHEMA = {"type": "string", "description": "Wide RFC 4180 CSV: one column per series"}


@blp.route("/compare.csv", endpoint="CompareCsv")
@blp.route("/compare")
class Compare(MethodView):
    @blp.arguments(CompareArgsSchema, location="query")
    @blp.response(200, ComparisonSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any]) -> Any:
        """Series side by side: an outer join on dates, or on periods with `frequency`."""
        csv_wanted = wants_csv(args.pop("format", None))
        result = compare(database(), CompareQuery(**args))
        if csv_wanted:
            page = Page(result.revision, result.rows)
            return csv_response(page, result.columns, result.rows, "compare")
        g.dataset_revision = result.revision
        return {
            "revision": result.revision,
            "frequency": result.frequency,
            "series": result.series,
            "columns": list(result.columns),
            "data": result.rows,
        }
