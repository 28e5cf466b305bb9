"""The change feed and a claim's history."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import ListEnvelopeSchema, PageArgsSchema
from api.schemas.observations import VersionSchema


class ChangesArgsSchema(PageArgsSchema):
    """Arguments of /v1/changes."""

    since = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=2**31 - 1),
        metadata={"description": "A revision id: the feed starts after it (0 for everything)."},
    )


class ChangeSchema(Schema):
    """One version entering or leaving the data set."""

    revision = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    author = fields.String(required=True)
    message = fields.String(required=True)
    kind = fields.String(
        required=True, metadata={"description": "source, series, document, release, observation"}
    )
    id = fields.String(required=True, metadata={"description": "The stable id, as text"})
    action = fields.String(required=True, metadata={"description": "added, corrected, retracted"})
    data = fields.Dict(metadata={"description": "The new version's stored fields"})


class ChangeListSchema(ListEnvelopeSchema):
    since = fields.Integer()
    data = fields.List(fields.Nested(ChangeSchema))


class HistoryVersionSchema(VersionSchema):
    """One version of a claim with its full provenance."""

    created_at = fields.DateTime()
    series_id = fields.String()
    period_start = fields.Date(allow_none=True)
    primary = fields.Boolean()
    reported_by = fields.String(allow_none=True)
    document_id = fields.Integer()
    document_url = fields.String()
    quote = fields.String()
    note = fields.String(allow_none=True)
    release_id = fields.String(allow_none=True)
    # What rule 2's versions change (a part label, a value marked as added up, a curator's
    # mark): without them two versions could read the same.
    part = fields.String(allow_none=True)
    counted = fields.String(allow_none=True)
    curator_mark = fields.String(allow_none=True)
    curator_reason = fields.String(allow_none=True)


class HistorySchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(HistoryVersionSchema))
