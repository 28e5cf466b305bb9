"""Claims (observations) and their query arguments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.domain.columns import CLAIM_FIELDS
from api.schemas.columns import schema_of
from api.schemas.common import (
    EnvelopeSchema,
    ListEnvelopeSchema,
    PageArgsSchema,
    format_field,
    period_bounds,
)


class ObservationArgsSchema(PageArgsSchema):
    """Arguments of /v1/series/{id}/observations."""

    start, end = period_bounds()
    claims = fields.String(
        load_default="preferred",
        validate=validate.OneOf(["preferred", "all"]),
        metadata={
            "description": "`preferred`: one claim per date by the preferred-claim rule; "
            "`all`: every claim."
        },
    )
    format = format_field()


ObservationSchema = schema_of("ObservationSchema", CLAIM_FIELDS)
ObservationSchema.__doc__ = "One claim with its provenance, and its place in its group."


class VersionSchema(Schema):
    """One stored version of a claim."""

    version = fields.Integer()
    value = fields.Integer()
    qualifier = fields.String()
    status = fields.String()
    date = fields.Date()
    date_precision = fields.String()
    added_in = fields.Integer()
    removed_in = fields.Integer(allow_none=True)
    author = fields.String()
    message = fields.String()


ObservationDetailSchema = schema_of(
    "ObservationDetailSchema", CLAIM_FIELDS, {"versions": fields.List(fields.Nested(VersionSchema))}
)
ObservationDetailSchema.__doc__ = "A claim with its version history."


class ObservationListSchema(ListEnvelopeSchema):
    series_id = fields.String()
    data = fields.List(fields.Nested(ObservationSchema))


class ObservationItemSchema(EnvelopeSchema):
    data = fields.Nested(ObservationDetailSchema)
