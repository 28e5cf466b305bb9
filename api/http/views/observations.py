"""/v1/series/{id}/observations (claims or periods; JSON or CSV) and /v1/observations/{id}."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Response
from flask.views import MethodView

from api.domain.columns import OBSERVATIONS_CSV
from api.http.answers import Output, answer, answer_stream, asked, csv_answer
from api.http.responses import database, item_envelope
from api.http.smorest import Blueprint
from api.render import fast_json
from api.schemas.common import AsOfArgsSchema
from api.schemas.observations import ObservationItemSchema, ObservationSchema
from api.schemas.series_data import SeriesDataArgsSchema, SeriesDataListSchema
from api.services.reads.observations import get_observation
from api.services.research import series_data
from api.services.research.series_data import SeriesDataQuery
from api.services.research.timeseries import PERIOD_COLUMNS

blp = Blueprint("observations", __name__, url_prefix="/v1", description="Claims with provenance")

# The hot path: the schema's dump, done by `fast_json` (tests/test_fast_json.py).
DUMP_CLAIMS = fast_json.dumper(SeriesDataListSchema(), lists={"data": ObservationSchema()})
CLAIMS = Output(DUMP_CLAIMS, OBSERVATIONS_CSV, name=lambda page: page.meta["series"]["id"])
PERIODS = Output(
    SeriesDataListSchema().dump,
    ("series_id", *PERIOD_COLUMNS),
    name=lambda page: page.meta["series"]["id"],
    csv_rows=None,
)
PERIOD_META = ("view", "frequency", "aggregation", "transform", "claims_left_out")


@blp.route("/series/<series_id>/observations.csv", endpoint="SeriesObservationsCsv")
@blp.route("/series/<series_id>/observations")
class SeriesObservations(MethodView):
    @blp.arguments(SeriesDataArgsSchema, location="query")
    @blp.response(200, SeriesDataListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, **csv_answer("one row per claim"))
    def get(self, args: dict[str, Any], series_id: str) -> Response:
        """The series' claims (preferred per date, or all), or its periods when resampled.

        `frequency`, `aggregation` or `transform` turn the answer into one row per period
        (or per date), computed from the preferred claims. CSV is streamed when unpaged.
        """
        how = asked(args)
        query = SeriesDataQuery(**args, limit=how.limit)
        if query.resamples:
            page = series_data.series_periods(database(), series_id, query)
            rows = [{**row, "series_id": series_id} for row in page.data]
            page = replace(page, data=rows) if how.csv else page
            meta = {key: page.meta[key] for key in PERIOD_META}
            return answer(page, how, PERIODS, series_id=series_id, **meta)
        if how.csv and how.limit is None:
            stream = series_data.claims_stream(database(), series_id, query)
            return answer_stream(stream.revision, stream.rows, CLAIMS, series_id)
        page = series_data.claims_page(database(), series_id, query)
        return answer(page, how, CLAIMS, series_id=series_id, view=query.view)


@blp.route("/observations/<int:observation_id>")
class ObservationById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, ObservationItemSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, observation_id: int, as_of: str | None = None) -> dict[str, Any]:
        """One claim: its value, qualifier, full provenance and every stored version."""
        return item_envelope(get_observation(database(), observation_id, as_of))
