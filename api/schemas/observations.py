"""Claims (observations) and their query arguments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.domain.vocabulary import DATE_PRECISIONS, QUALIFIERS, STATUSES
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


class ObservationSchema(Schema):
    """One claim with its provenance."""

    observation_id = fields.Integer(required=True)
    series_id = fields.String(required=True)
    date = fields.Date(required=True)
    date_precision = fields.String(required=True, validate=validate.OneOf(DATE_PRECISIONS))
    period_start = fields.Date(allow_none=True)
    value = fields.Integer(required=True)
    qualifier = fields.String(required=True, validate=validate.OneOf(QUALIFIERS))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    source_id = fields.String(required=True, metadata={"description": "Who counted"})
    primary = fields.Boolean(
        required=True, metadata={"description": "Published by the counting source itself"}
    )
    reported_by = fields.String(allow_none=True, metadata={"description": "Who published it"})
    publisher = fields.String(allow_none=True)
    document_id = fields.Integer(required=True)
    document_url = fields.String(required=True)
    document_title = fields.String(allow_none=True)
    published_at = fields.Date(allow_none=True)
    quote = fields.String(required=True, metadata={"description": "The words holding the number"})
    note = fields.String(allow_none=True)
    release_id = fields.String(allow_none=True)
    revision = fields.Integer(required=True, metadata={"description": "Revision that added it"})
    preferred = fields.Boolean(metadata={"description": "The preferred claim for its date"})
    conflict = fields.Boolean(metadata={"description": "Claims for this date disagree"})


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


class ObservationDetailSchema(ObservationSchema):
    """A claim with its version history."""

    versions = fields.List(fields.Nested(VersionSchema))


class ObservationListSchema(ListEnvelopeSchema):
    series_id = fields.String()
    data = fields.List(fields.Nested(ObservationSchema))


class ObservationItemSchema(EnvelopeSchema):
    data = fields.Nested(ObservationDetailSchema)
