"""Bodies of write requests: the same field names as the CSV columns.

A claim in JSON is one row of the observations CSV: `series_id`, `date`, `date_precision`,
`value`, `qualifier`, `status`, `reported_by`, `publisher`, `document_url`,
`published_at`, `quote`, `note` (plus `document_id`, `document_title`, `period_start`,
`primary`, `release_id`, and the copy read: `retrieved_at`, `archive_url`, `republished_by`,
`mirror`). Unknown fields are refused, like unknown query arguments.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from api.domain.vocabulary import (
    COUNTED,
    CURATOR_MARKS,
    DATE_PRECISIONS,
    LANGUAGE_TAG,
    QUALIFIERS,
    SERIES_KINDS,
    SOURCE_KINDS,
    STATUSES,
)
from api.schemas.common import ArgsSchema, WholeMatch
from api.schemas.write_fields import (
    ID,
    MAX_BATCH,
    MAX_COUNT,
    TEXT,
    BodySchema,
    PartialDate,
    _message,
    _names,
    _not_future,
    _text_not_blank,
    _url,
    normalise_dates,
)


class ClaimSchema(BodySchema):
    """One new claim with its provenance: a document (by id or address) and a quote."""

    series_id = fields.String(required=True)
    date = PartialDate(required=True)
    date_precision = fields.String(validate=validate.OneOf(DATE_PRECISIONS))
    period_start = PartialDate(allow_none=True)
    value = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=MAX_COUNT)
    )
    qualifier = fields.String(load_default="exact", validate=validate.OneOf(QUALIFIERS))
    status = fields.String(load_default="reported", validate=validate.OneOf(STATUSES))
    primary = fields.Boolean(load_default=False)
    reported_by = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    document_id = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    document_url = _url()
    document_title = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    publisher = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    published_at = fields.Date(allow_none=True, validate=_not_future)
    retrieved_at = fields.Date(allow_none=True, validate=_not_future)
    archive_url = fields.Url(allow_none=True, schemes={"http", "https"})
    republished_by = fields.String(allow_none=True, validate=validate.Length(max=500))
    mirror = fields.Boolean(allow_none=True)
    quote = fields.String(required=True, validate=[TEXT, _text_not_blank])
    note = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    release_id = fields.String(allow_none=True)
    part = fields.String(
        allow_none=True,
        validate=[validate.Length(min=1, max=200), _text_not_blank],
        metadata={
            "description": "the subset the claim counts (e.g. 'taken to Ukraine'); "
            "empty for a total"
        },
    )
    counted = fields.String(
        allow_none=True,
        validate=validate.OneOf(COUNTED),
        metadata={
            "description": "how the value was read when the quote does not write it: "
            "sum (added up from its numbers), names (the people it names), misprint"
        },
    )
    curator_mark = fields.String(
        allow_none=True,
        validate=validate.OneOf(CURATOR_MARKS),
        metadata={
            "description": "a curator's judgement in the claim's group: preferred, or "
            "disputed (never preferred while an undisputed claim exists); needs "
            "curator_reason. null (in a PATCH) clears the mark."
        },
    )
    curator_reason = fields.String(
        allow_none=True,
        validate=[validate.Length(min=1, max=5_000), _text_not_blank],
        metadata={"description": "why the curator marked the claim (required with a mark)"},
    )

    @validates_schema
    def _a_mark_has_its_reason(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("curator_mark") and not data.get("curator_reason"):
            raise ValidationError("a curator mark needs a curator_reason", "curator_reason")

    @validates_schema
    def _has_a_document(self, data: dict[str, Any], **kwargs: Any) -> None:
        if self.partial:
            return
        if "document_id" not in data and "document_url" not in data:
            raise ValidationError("give document_id or document_url", "document_url")

    @post_load
    def _normalise(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return normalise_dates(data)


class ReleaseClaimSchema(ClaimSchema):
    """A claim inside `POST /v1/releases`: it points at the new batch."""

    class Meta:
        exclude = ("release_id",)
        unknown = RAISE


class ClaimsBodySchema(BodySchema):
    """`POST /v1/observations`: one claim, or `{"observations": [...]}`, and a message."""

    observations = fields.List(
        fields.Nested(ClaimSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_BATCH),
    )
    message = _message()

    @pre_load
    def _one_or_many(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and "observations" not in data:
            claim = {k: v for k, v in data.items() if k != "message"}
            wrapped = {"observations": [claim]}
            return wrapped | ({"message": data["message"]} if "message" in data else {})
        return data


class CorrectionSchema(ClaimSchema):
    """`PATCH /v1/observations/{id}`: the fields that change, and a message."""

    message = _message()

    class Meta:
        exclude = ("series_id",)
        unknown = RAISE


class RetractionSchema(BodySchema):
    """`DELETE /v1/observations/{id}`: why."""

    reason = fields.String(validate=[validate.Length(min=1, max=2_000), _text_not_blank])


class RetractionArgsSchema(ArgsSchema):
    """The reason may come as a query argument instead."""

    reason = fields.String(validate=[validate.Length(min=1, max=2_000), _text_not_blank])


class SourceBodySchema(BodySchema):
    """A new source, or (partial) the fields of a source that change."""

    id = fields.String(required=True, validate=ID)
    name = fields.String(required=True, validate=[validate.Length(min=1, max=300), _text_not_blank])
    kind = fields.String(required=True, validate=validate.OneOf(SOURCE_KINDS))
    homepage = _url(allow_none=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=5_000))
    names = _names(300)
    message = _message()


class SeriesBodySchema(BodySchema):
    """A new series (its id is `{country}.{measure}.{source_id}`), or the fields that change."""

    id = fields.String()
    country = fields.String(required=True, validate=WholeMatch(r"^[A-Z]{2}$"))
    measure = fields.String(required=True, validate=WholeMatch(r"^[a-z][a-z0-9_]{0,99}$"))
    source_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(SERIES_KINDS))
    unit = fields.String(
        load_default="persons", validate=[validate.Length(min=1, max=40), _text_not_blank]
    )
    title = fields.String(
        required=True, validate=[validate.Length(min=1, max=2_000), _text_not_blank]
    )
    method_note = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    licence = fields.String(allow_none=True, validate=validate.Length(max=100))
    titles = _names(2_000)
    message = _message()


class DocumentBodySchema(BodySchema):
    """A new document, or the fields of a document that change."""

    url = _url(required=True)
    title = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    publisher = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    published_at = fields.Date(allow_none=True, validate=_not_future)
    retrieved_at = fields.Date(allow_none=True, validate=_not_future)
    archive_url = _url(allow_none=True)
    language = fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=20),
            WholeMatch(LANGUAGE_TAG.pattern, error="not a language tag such as en, be or ru"),
        ],
    )
    republished_by = fields.String(allow_none=True, validate=validate.Length(max=500))
    mirror = fields.Boolean(allow_none=True)
    message = _message()


class ReleaseBodySchema(BodySchema):
    """`POST /v1/releases`: a batch event with its claims."""

    release_id = fields.String(required=True, validate=WholeMatch(r"^[A-Z]{2}-[0-9A-Za-z-]{1,90}$"))
    date = PartialDate(required=True)
    date_precision = fields.String(validate=validate.OneOf(DATE_PRECISIONS))
    country = fields.String(required=True, validate=WholeMatch(r"^[A-Z]{2}$"))
    category = fields.String(
        required=True, validate=[validate.Length(min=1, max=100), _text_not_blank]
    )
    mechanism = fields.String(
        required=True, validate=[validate.Length(min=1, max=100), _text_not_blank]
    )
    brokered_by = fields.String(allow_none=True, validate=validate.Length(max=500))
    title = fields.String(allow_none=True, validate=validate.Length(max=2_000))
    note = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    claims = fields.List(
        fields.Nested(ReleaseClaimSchema),
        load_default=list,
        validate=validate.Length(max=MAX_BATCH),
    )
    message = _message()

    @post_load
    def _normalise(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return normalise_dates(data)


class CsvClaimSchema(ClaimSchema):
    """A claim read from a CSV row: numbers arrive as text; the document by its address."""

    value = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=MAX_COUNT),
        error_messages={"invalid": "Not a whole number: write it without separators, e.g. 1130."},
    )

    class Meta:
        exclude = ("document_id",)
        unknown = RAISE


class CsvReleaseSchema(ReleaseBodySchema):
    """The batch columns of a releases CSV row."""

    class Meta:
        exclude = ("claims", "message")
        unknown = RAISE


class TagBodySchema(BodySchema):
    """`POST /v1/tags`: name a revision (the latest by default)."""

    name = fields.String(required=True, validate=WholeMatch(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"))
    revision = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    message = _message()


class WriteResultSchema(Schema):
    """What a write created: the new revision and the stable ids."""

    revision = fields.Integer(required=True)
    observation_ids = fields.List(fields.Integer())
    document_ids = fields.List(fields.Integer())
    source_ids = fields.List(fields.String())
    series_ids = fields.List(fields.String())
    release_ids = fields.List(fields.String())
    tag = fields.String()
    tagged_revision = fields.Integer()
