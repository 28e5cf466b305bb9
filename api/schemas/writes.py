"""Bodies of write requests: the same field names as the CSV columns.

A claim in JSON is one row of the observations CSV: `series_id`, `date`, `date_precision`,
`value`, `qualifier`, `status`, `reported_by`, `publisher`, `document_url`,
`published_at`, `quote`, `note` (plus `document_id`, `document_title`, `period_start`,
`primary`, `release_id`, and the copy read: `retrieved_at`, `archive_url`, `republished_by`,
`mirror`). Unknown fields are refused, like unknown query arguments.
"""

from __future__ import annotations

import datetime as dt
import re
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
    DEFAULT_LANGUAGE,
    LANGUAGE_TAG,
    PARTIAL_DATE_FORM,
    QUALIFIERS,
    SERIES_KINDS,
    SOURCE_KINDS,
    STATUSES,
    parse_partial_date,
)
from api.schemas.common import ArgsSchema

MAX_BATCH = 10_000
# Control characters, and the bidirectional controls that can make text read otherwise
# than it is stored (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, the
# LRM/RLM/ALM marks): refused in every text of a write.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
EARLIEST_DATE = dt.date(1950, 1, 1)  # no source in scope counts earlier; a typo otherwise
MAX_URL = 2_048  # the longest address any browser or proxy keeps reliably
MAX_COUNT = 2**53 - 1  # the largest integer every JSON reader holds exactly
ID = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,99}$", error="use lower-case letters, digits and -")
TEXT = validate.Length(min=1, max=20_000)


class BodySchema(Schema):
    """A JSON body; unknown fields are an error, and so is a NUL character in any text."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _no_control_characters(self, data: Any, **kwargs: Any) -> Any:
        """Text may hold tabs and line breaks, but no other control character (NUL and
        bidirectional controls included)."""
        if isinstance(data, dict):
            bad = [k for k, v in data.items() if _has_control(v)]
            if bad:
                message = "must not contain control characters (bidirectional controls included)"
                raise ValidationError({key: [message] for key in bad})
        return data


def _has_control(value: Any) -> bool:
    """A text, or a text inside a mapping of texts (names by language), with a control character."""
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return isinstance(value, str) and bool(_CONTROL.search(value))


def _other_language(tag: str) -> None:
    if not LANGUAGE_TAG.match(tag):
        raise ValidationError(f"{tag!r} is not a language tag such as be, ru or my")
    if tag == DEFAULT_LANGUAGE:
        raise ValidationError("the English text is the name or title field itself")


def _names(max_length: int) -> fields.Dict:
    """Texts by language tag, for the languages other than English (at most 20)."""
    return fields.Dict(
        keys=fields.String(validate=_other_language),
        values=fields.String(validate=[validate.Length(min=1, max=max_length), _text_not_blank]),
        allow_none=True,
        validate=validate.Length(max=20),
        metadata={"description": "the text in other languages than English, by language tag"},
    )


class PartialDate(fields.Field):
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, loaded as (first day, precision)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {**PARTIAL_DATE_FORM, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            return parse_partial_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None


def _not_future(day: dt.date | None) -> None:
    if day is not None and day > dt.date.today():
        raise ValidationError(f"{day.isoformat()} is in the future")
    _not_before_floor(day)


def _not_before_floor(day: dt.date | None) -> None:
    if day is not None and day < EARLIEST_DATE:
        raise ValidationError(f"{day.isoformat()} is before {EARLIEST_DATE.isoformat()}")


def _url(**kwargs: Any) -> fields.Url:
    """An http(s) address of at most MAX_URL characters."""
    return fields.Url(schemes={"http", "https"}, validate=validate.Length(max=MAX_URL), **kwargs)


def _text_not_blank(text: str) -> None:
    if not text.strip():
        raise ValidationError("must not be blank")


def _message() -> fields.Field:
    return fields.String(validate=validate.Length(min=1, max=2_000))


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


def normalise_dates(data: dict[str, Any]) -> dict[str, Any]:
    """Split (date, precision), check a given precision agrees, refuse future dates."""
    if "date" in data:
        day, precision = data["date"]
        given = data.get("date_precision") or precision
        data["date"], data["date_precision"] = _at_precision(day, precision, given), given
        if data["date"] > dt.date.today():
            raise ValidationError(f"{data['date']} is in the future", "date")
        if data["date"] < EARLIEST_DATE:
            raise ValidationError(f"{data['date']} is before {EARLIEST_DATE}", "date")
    if data.get("period_start") is not None:
        data["period_start"] = data["period_start"][0]
        if data["period_start"] < EARLIEST_DATE:
            raise ValidationError(
                f"{data['period_start']} is before {EARLIEST_DATE}", "period_start"
            )
    return data


def _at_precision(day: dt.date, written: str, given: str) -> dt.date:
    """A date may carry a coarser precision than written only if it starts that period."""
    if DATE_PRECISIONS.index(given) < DATE_PRECISIONS.index(written):
        raise ValidationError(f"a date written to the {written} cannot have {given} precision")
    starts_month = day.day == 1
    if (given == "month" and not starts_month) or (
        given == "year" and (day.month, day.day) != (1, 1)
    ):
        raise ValidationError(f"{day} does not start a {given}", "date_precision")
    return day


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
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(SOURCE_KINDS))
    homepage = _url(allow_none=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=5_000))
    names = _names(300)
    message = _message()


class SeriesBodySchema(BodySchema):
    """A new series (its id is `{country}.{measure}.{source_id}`), or the fields that change."""

    id = fields.String()
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"))
    measure = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,99}$"))
    source_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(SERIES_KINDS))
    unit = fields.String(load_default="persons", validate=validate.Length(min=1, max=40))
    title = fields.String(required=True, validate=validate.Length(min=1, max=2_000))
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
    language = fields.String(allow_none=True, validate=validate.Length(max=20))
    republished_by = fields.String(allow_none=True, validate=validate.Length(max=500))
    mirror = fields.Boolean(allow_none=True)
    message = _message()


class ReleaseBodySchema(BodySchema):
    """`POST /v1/releases`: a batch event with its claims."""

    release_id = fields.String(
        required=True, validate=validate.Regexp(r"^[A-Z]{2}-[0-9A-Za-z-]{1,90}$")
    )
    date = PartialDate(required=True)
    date_precision = fields.String(validate=validate.OneOf(DATE_PRECISIONS))
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"))
    category = fields.String(required=True, validate=validate.Length(min=1, max=100))
    mechanism = fields.String(required=True, validate=validate.Length(min=1, max=100))
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

    name = fields.String(
        required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
    )
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
