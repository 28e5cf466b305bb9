"""/v1/releases/summary: each source's batch claims, totalled by month, year, source, mechanism."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from api.http.negotiation import wants_csv
from api.http.responses import csv_response, database
from api.http.smorest import Blueprint
from api.schemas.release_summary import ReleaseSummaryArgsSchema, ReleaseSummarySchema
from api.services.research.release_summary import BATCH_MEASURE, SummaryQuery, release_summary
from api.services.results import Page

blp = Blueprint(
    "release_summary", __name__, url_prefix="/v1", description="Release totals per source"
)

CSV_SCHEMA = {"type": "string", "description": "RFC 4180 CSV, one row per group and source"}


@blp.route("/releases/summary.csv", endpoint="ReleaseSummaryCsv")
@blp.route("/releases/summary")
class ReleaseSummary(MethodView):
    @blp.arguments(ReleaseSummaryArgsSchema, location="query")
    @blp.response(200, ReleaseSummarySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any]) -> Any:
        """Each source's batch claims summed per group; tallies and partial counts never added."""
        csv_wanted = wants_csv(args.pop("format", None))
        query = SummaryQuery(**args)
        summary = release_summary(database(), query)
        if csv_wanted:
            rows = [{**r, "release_ids": " ".join(r["release_ids"])} for r in summary.rows]
            page = Page(summary.revision, rows)
            return csv_response(page, query.columns, rows, f"releases-by-{query.by}")
        g.dataset_revision = summary.revision
        return {
            "revision": summary.revision,
            "by": query.by,
            "measure": BATCH_MEASURE,
            "batches_left_out": summary.batches_left_out,
            "data": summary.rows,
        }
