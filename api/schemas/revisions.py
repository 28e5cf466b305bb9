"""Revisions and tags."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import EnvelopeSchema, ListEnvelopeSchema


class RevisionSchema(Schema):
    """One change to the data set."""

    id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    author = fields.String(required=True)
    message = fields.String(required=True)
    changeset = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    rule = fields.Integer(
        metadata={"description": "The preferred-claim rule in force at this revision (1 or 2)"}
    )


class ChangedIdsSchema(Schema):
    """Stable ids a revision added, corrected and removed."""

    added = fields.List(fields.Raw())
    corrected = fields.List(fields.Raw())
    removed = fields.List(fields.Raw())


class RevisionDetailSchema(RevisionSchema):
    """A revision with what it changed, per kind of entity."""

    changes = fields.Dict(keys=fields.String(), values=fields.Nested(ChangedIdsSchema))
    links = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "`changes`: this revision's entries in /v1/changes"},
    )


class RevisionListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(RevisionSchema))


class RevisionItemSchema(EnvelopeSchema):
    data = fields.Nested(RevisionDetailSchema)


class TagSchema(Schema):
    """A name for a revision."""

    name = fields.String(required=True)
    revision_id = fields.Integer(required=True, metadata={"description": "The revision named"})
    created_in = fields.Integer(
        required=True, metadata={"description": "The revision that named it"}
    )
    created_at = fields.DateTime(required=True)
    message = fields.String(allow_none=True)


class TagListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(TagSchema))
