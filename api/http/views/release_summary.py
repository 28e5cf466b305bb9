"""/v1/releases/summary: each source's batch claims, totalled by month, year, source, mechanism."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.http.answers import Output, answer, asked, csv_answer, unpaged
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.release_summary import ReleaseSummaryArgsSchema, ReleaseSummarySchema
from api.services.research.release_summary import BATCH_MEASURE, SummaryQuery, release_summary
from api.services.results import Page

blp = Blueprint(
    "release_summary", __name__, url_prefix="/v1", description="Release totals per source"
)


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "release_ids": " ".join(r["release_ids"])} for r in rows]


@blp.route("/releases/summary.csv", endpoint="ReleaseSummaryCsv")
@blp.route("/releases/summary")
class ReleaseSummary(MethodView):
    @blp.arguments(ReleaseSummaryArgsSchema, location="query")
    @blp.response(200, ReleaseSummarySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, **csv_answer("one row per group and source"))
    def get(self, args: dict[str, Any]) -> Response:
        """Each source's batch claims summed per group; tallies and partial counts never added."""
        how = asked(args)
        query = SummaryQuery(**args)
        summary = release_summary(database(), query)
        name = f"releases-by-{query.by}"
        output = Output(ReleaseSummarySchema().dump, query.columns, name, _rows, unpaged)
        meta = {
            "by": query.by,
            "measure": BATCH_MEASURE,
            "batches_left_out": summary.batches_left_out,
        }
        return answer(Page(summary.revision, summary.rows), how, output, **meta)
