"""/v1/series/{id}/observations (claims or periods; JSON or CSV) and /v1/observations/{id}."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask.views import MethodView

from api.domain.columns import OBSERVATIONS_CSV
from api.http.json import response as json_response
from api.http.negotiation import wants_csv
from api.http.responses import (
    csv_response,
    database,
    item_envelope,
    list_envelope,
    streamed_csv_response,
)
from api.http.smorest import Blueprint
from api.render import fast_json
from api.schemas.common import DEFAULT_LIMIT, AsOfArgsSchema
from api.schemas.observations import ObservationItemSchema, ObservationSchema
from api.schemas.series_data import SeriesDataArgsSchema, SeriesDataListSchema
from api.services.reads.observations import get_observation
from api.services.research import series_data
from api.services.research.series_data import SeriesDataQuery
from api.services.research.timeseries import PERIOD_COLUMNS

blp = Blueprint("observations", __name__, url_prefix="/v1", description="Claims with provenance")

DUMP_CLAIMS = fast_json.dumper(SeriesDataListSchema(), lists={"data": ObservationSchema()})
CSV_SCHEMA = {"type": "string", "description": "RFC 4180 CSV with a header row"}
PERIOD_CSV_COLUMNS = ("series_id", *PERIOD_COLUMNS)


@blp.route("/series/<series_id>/observations.csv", endpoint="SeriesObservationsCsv")
@blp.route("/series/<series_id>/observations")
class SeriesObservations(MethodView):
    @blp.arguments(SeriesDataArgsSchema, location="query")
    @blp.response(200, SeriesDataListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any], series_id: str) -> Any:
        """The series' claims (preferred per date, or all), or its periods when resampled.

        `frequency`, `aggregation` or `transform` turn the answer into one row per period
        (or per date), computed from the preferred claims. CSV is streamed when unpaged.
        """
        csv_wanted = wants_csv(args.pop("format", None))
        query = SeriesDataQuery(**args)
        if query.resamples:
            return _periods(series_id, query, csv_wanted)
        if csv_wanted and query.limit is None:
            stream = series_data.claims_stream(database(), series_id, query)
            return streamed_csv_response(stream.revision, OBSERVATIONS_CSV, stream.rows, series_id)
        if query.limit is None and not csv_wanted:
            query = replace(query, limit=DEFAULT_LIMIT)
        page = series_data.claims_page(database(), series_id, query)
        if csv_wanted:
            return csv_response(page, OBSERVATIONS_CSV, page.data, series_id)
        # The hot path: the schema's dump, done by `fast_json` (tests/test_fast_json.py).
        return json_response(DUMP_CLAIMS(list_envelope(page, series_id=series_id, view=query.view)))


def _periods(series_id: str, query: SeriesDataQuery, csv_wanted: bool) -> Any:
    if query.limit is None and not csv_wanted:
        query = replace(query, limit=DEFAULT_LIMIT)
    page = series_data.series_periods(database(), series_id, query)
    if csv_wanted:
        rows = ({**row, "series_id": series_id} for row in page.data)
        return csv_response(page, PERIOD_CSV_COLUMNS, rows, series_id)
    meta = {k: page.meta[k] for k in ("view", "frequency", "aggregation", "transform")}
    return list_envelope(
        page, series_id=series_id, **meta, claims_left_out=page.meta["claims_left_out"]
    )


@blp.route("/observations/<int:observation_id>")
class ObservationById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, ObservationItemSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, observation_id: int, as_of: str | None = None) -> dict[str, Any]:
        """One claim: its value, qualifier, full provenance and every stored version."""
        return item_envelope(get_observation(database(), observation_id, as_of))
