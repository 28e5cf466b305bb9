"""Arguments and answer of `POST /v1/imports`: a CSV file of claims (or release batches)."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import ArgsSchema
from api.schemas.writes import WriteResultSchema


class ImportArgsSchema(ArgsSchema):
    """Query arguments of an import: the revision's message, and whether to write at all."""

    message = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "Why: becomes the revision's message"},
    )
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "`true`: check every row and answer, write nothing"},
    )


class ImportResultSchema(WriteResultSchema):
    """What an import wrote (or, in a dry run, would write)."""

    dry_run = fields.Boolean(required=True)
    claim_count = fields.Integer(required=True, metadata={"description": "Claims in the file"})
