"""Writes of claims and release batches: POST, PATCH and DELETE (bearer token, write scope)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.errors import InvalidArgument
from api.http.auth import Created, created, require_writer, write_request
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.writes import (
    ClaimsBodySchema,
    CorrectionSchema,
    ReleaseBodySchema,
    RetractionArgsSchema,
    RetractionSchema,
    WriteResultSchema,
)
from api.services.writes import claim_writes
from api.services.writes.writing import perform

blp = Blueprint(
    "claim_writes", __name__, url_prefix="/v1", description="Adding and correcting claims"
)
blp.before_request(require_writer)
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


@blp.route("/observations")
class NewObservations(MethodView):
    @blp.arguments(ClaimsBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, body: dict[str, Any]) -> Created:
        """Add one claim, or up to 10,000 as `{"observations": [...]}`: one revision."""
        claims = body["observations"]
        default = f"added {len(claims)} claim(s)"
        result = perform(
            database(), write_request(body.get("message"), default), claim_writes.add_claims(claims)
        )
        return created(result)


@blp.route("/observations/<int:observation_id>")
class ObservationChanges(MethodView):
    @blp.arguments(CorrectionSchema(partial=True))
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def patch(self, changes: dict[str, Any], observation_id: int) -> Created:
        """Correct a claim: a new version; the old one stays, closed by this revision."""
        message = changes.pop("message", None)
        action = claim_writes.correct_claim(observation_id, changes)
        default = f"corrected observation {observation_id}"
        return created(perform(database(), write_request(message, default), action))

    @blp.arguments(RetractionArgsSchema, location="query")
    @blp.arguments(RetractionSchema, location="json", required=False)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def delete(self, args: dict[str, Any], body: dict[str, Any], observation_id: int) -> Created:
        """Retract a claim with a reason (JSON body or query): closed, never destroyed."""
        if "reason" in args and "reason" in body:  # the query's was taken, the body's lost
            raise InvalidArgument(
                "give the reason once: in the JSON body or in the query, not both",
                {"reason": ["given twice"]},
            )
        reason = args.get("reason") or body.get("reason")
        if not reason:
            raise InvalidArgument("a retraction needs a reason", {"reason": ["Missing data."]})
        message = f"retracted observation {observation_id}: {reason}"
        action = claim_writes.retract_claim(observation_id)
        return created(perform(database(), write_request(message, message), action))


@blp.route("/releases")
class NewRelease(MethodView):
    @blp.arguments(ReleaseBodySchema)
    @blp.response(201, WriteResultSchema)
    @blp.doc(security=SECURITY)
    def post(self, batch: dict[str, Any]) -> Created:
        """Add a release batch event with every source's claim about it: one revision."""
        message = batch.pop("message", None)
        default = f"added release batch {batch['release_id']}"
        action = claim_writes.add_release(batch)
        return created(perform(database(), write_request(message, default), action))
