"""Arguments and answer of /v1/releases/summary."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.domain.bounds import BOUND_NAMES
from api.domain.vocabulary import QUALIFIERS, SUMMARY_GROUPS
from api.schemas.common import (
    ArgsSchema,
    DateRangeMixin,
    EnvelopeSchema,
    PeriodBound,
    as_of_field,
    format_field,
)


class ReleaseSummaryArgsSchema(DateRangeMixin, ArgsSchema):
    """Arguments of /v1/releases/summary."""

    by = fields.String(
        load_default="year",
        validate=validate.OneOf(SUMMARY_GROUPS),
        metadata={"description": "Group totals by month, year, source or mechanism"},
    )
    as_of = as_of_field()
    start = PeriodBound("start", metadata={"description": "Batches on or after this date"})
    end = PeriodBound("end", metadata={"description": "Batches on or before this date"})
    country = fields.String(metadata={"description": "ISO 3166 alpha-2, e.g. BY"})
    source = fields.String(metadata={"description": "Only this source's totals"})
    mechanism = fields.String(metadata={"description": "pardon, exchange, expulsion, ..."})
    format = format_field()


class ReleaseTotalSchema(Schema):
    """One source's total of batch claims in one group."""

    period = fields.String(metadata={"description": "YYYY-MM or YYYY (by=month or by=year)"})
    mechanism = fields.String(metadata={"description": "by=mechanism"})
    source_id = fields.String(required=True)
    series_id = fields.String(required=True)
    total = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Sum of the batch claims; null when bounded both ways"},
    )
    batch_count = fields.Integer(required=True)
    qualifier = fields.String(allow_none=True, validate=validate.OneOf(QUALIFIERS))
    bound = fields.String(allow_none=True, validate=validate.OneOf(BOUND_NAMES))
    derived = fields.Boolean()
    release_ids = fields.List(fields.String(), metadata={"description": "The batches counted"})


class ReleaseSummarySchema(EnvelopeSchema):
    """Totals per group and source."""

    by = fields.String()
    measure = fields.String(metadata={"description": "Only batch claims (`released`) count"})
    batches_left_out = fields.Integer(
        metadata={"description": "Batches dated only by year, in a monthly summary"}
    )
    data = fields.List(fields.Nested(ReleaseTotalSchema))
