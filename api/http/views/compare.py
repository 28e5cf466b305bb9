"""/v1/compare: several series aligned on dates or periods (wide JSON or CSV)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.http.answers import Output, answer, asked, csv_answer, unpaged
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.compare import CompareArgsSchema, ComparisonSchema
from api.services.research.compare import CompareQuery, compare
from api.services.results import Page

blp = Blueprint("compare", __name__, url_prefix="/v1", description="Series side by side")


@blp.route("/compare.csv", endpoint="CompareCsv")
@blp.route("/compare")
class Compare(MethodView):
    @blp.arguments(CompareArgsSchema, location="query")
    @blp.response(200, ComparisonSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, **csv_answer("wide, one column per series"))
    def get(self, args: dict[str, Any]) -> Response:
        """Series side by side: an outer join on dates, or on periods with `frequency`."""
        how = asked(args)
        result = compare(database(), CompareQuery(**args))
        output = Output(ComparisonSchema().dump, result.columns, "compare", envelope=unpaged)
        meta = {"frequency": result.frequency, "series": result.series}
        return answer(
            Page(result.revision, result.rows), how, output, **meta, columns=list(result.columns)
        )
