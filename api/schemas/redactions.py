"""The redaction audit log."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import ListEnvelopeSchema


class RedactionSchema(Schema):
    """Who removed text from which claim or document, when and why (never the text)."""

    id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    author = fields.String(required=True)
    reason = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "observation or document"})
    entity_id = fields.String(required=True)
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields")
    versions = fields.Integer(metadata={"description": "How many stored versions were changed"})


class RedactionListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(RedactionSchema))
