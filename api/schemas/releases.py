"""Release batch events with their claims."""

from __future__ import annotations

from marshmallow import Schema, fields

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


class ReleaseListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(ReleaseSchema))
