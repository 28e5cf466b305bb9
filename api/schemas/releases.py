"""Release batch events with their claims."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.domain.columns import CLAIM_FIELDS
from api.schemas.columns import schema_of
from api.schemas.common import (
    DateRangeMixin,
    ListEnvelopeSchema,
    PageArgsSchema,
    format_field,
    period_bounds,
)
from api.schemas.observations import ObservationSchema


class ReleaseArgsSchema(DateRangeMixin, PageArgsSchema):
    """Filters of /v1/releases."""

    start, end = period_bounds()
    country = fields.String()
    source = fields.String(metadata={"description": "Only this source's claims"})
    mechanism = fields.String(metadata={"description": "pardon, exchange, expulsion, ..."})
    brokered_by = fields.String(metadata={"description": "Case-insensitive part of the name"})
    format = format_field()


class ClaimedValueSchema(Schema):
    """One distinct total claimed for a batch (parts excluded)."""

    measure = fields.String(required=True)
    value = fields.Integer(required=True)
    qualifier = fields.String(required=True)
    source_ids = fields.List(fields.String(), metadata={"description": "Sources claiming it"})
    claim_count = fields.Integer(metadata={"description": "How many claims give it"})


HeadlineSchema = schema_of("HeadlineSchema", ("measure", *CLAIM_FIELDS))
HeadlineSchema.__doc__ = (
    "A batch's headline total of one measure: the claim, its measure, and (in preferred_by) "
    "the step of the rule that chose it among every source's totals."
)


class ReleaseSchema(Schema):
    """One release event and every source's claim of how many were released."""

    release_id = fields.String(required=True)
    date = fields.Date(required=True)
    date_precision = fields.String(required=True)
    country = fields.String(required=True)
    category = fields.String(required=True)
    mechanism = fields.String(required=True)
    brokered_by = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    claims = fields.List(fields.Nested(ObservationSchema))
    claimed_values = fields.List(
        fields.Nested(ClaimedValueSchema),
        metadata={"description": "Each distinct total per measure, with the sources claiming it"},
    )
    conflict = fields.Boolean(
        metadata={"description": "The totals of one measure cannot all be true (any source)"}
    )
    preferred = fields.List(
        fields.Nested(HeadlineSchema),
        metadata={"description": "The headline total of each measure, by the preferred-claim rule"},
    )


class ReleaseListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(ReleaseSchema))
