"""The vintages of a series."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import ArgsSchema, EnvelopeSchema, as_of_field, format_field


class VintageArgsSchema(ArgsSchema):
    """Arguments of /v1/series/{id}/vintages."""

    as_of = as_of_field()
    format = format_field()


class VintageSchema(Schema):
    """One revision at which the series changed, and what changed."""

    revision = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    author = fields.String()
    message = fields.String()
    tags = fields.List(fields.String())
    claims_added = fields.Integer()
    claims_corrected = fields.Integer()
    claims_removed = fields.Integer()
    series_changed = fields.Boolean(metadata={"description": "The series' own record changed"})


class VintageListSchema(EnvelopeSchema):
    """The revisions at which a series changed, oldest first."""

    series_id = fields.String()
    data = fields.List(fields.Nested(VintageSchema))
