"""/v1/series/{id}/observations and /v1/observations/{id}."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.http.responses import csv_response, database, item_envelope, list_envelope
from api.http.smorest import Blueprint
from api.render.csv import OBSERVATION_COLUMNS
from api.schemas.common import DEFAULT_LIMIT, AsOfArgsSchema
from api.schemas.observations import (
    ObservationArgsSchema,
    ObservationItemSchema,
    ObservationListSchema,
)
from api.services.observations import ObservationQuery, get_observation, series_observations

blp = Blueprint("observations", __name__, url_prefix="/v1", description="Claims with provenance")

CSV_SCHEMA = {"type": "string", "description": "RFC 4180 CSV with a header row"}


@blp.route("/series/<series_id>/observations")
class SeriesObservations(MethodView):
    @blp.arguments(ObservationArgsSchema, location="query")
    @blp.response(200, ObservationListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(200, schema=CSV_SCHEMA, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any], series_id: str) -> Any:
        """The series' claims: one preferred claim per date, or all (`claims=all`); JSON or CSV."""
        wants_csv = args.pop("format") == "csv"
        if args.get("limit") is None and not wants_csv:
            args["limit"] = DEFAULT_LIMIT
        page = series_observations(database(), series_id, ObservationQuery(**args))
        if wants_csv:
            return csv_response(page, OBSERVATION_COLUMNS, page.data, series_id)
        return list_envelope(page, series_id=series_id)


@blp.route("/observations/<int:observation_id>")
class ObservationById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, ObservationItemSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, observation_id: int, as_of: str | None = None) -> dict[str, Any]:
        """One claim: its value, qualifier, full provenance and every stored version."""
        return item_envelope(get_observation(database(), observation_id, as_of))
