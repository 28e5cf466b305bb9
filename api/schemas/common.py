"""Building blocks shared by the resource schemas."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from api.domain.periods import period_end
from api.domain.vocabulary import PARTIAL_DATE_FORM, parse_partial_date

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000


class WholeMatch(validate.Regexp):
    """A pattern the whole value must match. `validate.Regexp` uses `re.match`, where `$`
    also matches before a final line break: `^[A-Z]{2}$` took `"BY\\n"`, and ids ending in a
    line break were stored (their `Location` header then failed, a 500 after the write).
    The pattern text stays as the API document shows it (JSON Schema's `$` ends the text)."""

    @typing.overload
    def __call__(self, value: str) -> str: ...

    @typing.overload
    def __call__(self, value: bytes) -> bytes: ...

    def __call__(self, value: str | bytes) -> str | bytes:
        if self.regex.fullmatch(value) is None:  # type: ignore[arg-type]
            raise ValidationError(self._format_error(value))
        return value


class ArgsSchema(Schema):
    """Query arguments; an unknown key is an error, and so is an empty value (`as_of=`) or
    one given twice (`as_of=1&as_of=9`): each a 400 naming the argument, never an answer to
    another question."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _no_empty_values(self, data: Any, **_kwargs: Any) -> Any:
        if hasattr(data, "keys"):
            empty = sorted({key for key in data.keys() if _empty(data, key)})
            if empty:
                raise ValidationError({key: ["must not be empty"] for key in empty})
            twice = sorted({key for key in data.keys() if len(_values(data, key)) > 1})
            if twice:  # the first was taken silently: `as_of=1&as_of=9` answered revision 1
                message = "given more than once; lists are comma-separated (a,b)"
                raise ValidationError({key: [message] for key in twice})
        return data


def _values(data: Any, key: str) -> list[Any]:
    raw = getattr(data, "data", data)  # webargs' proxy of werkzeug's MultiDict
    return list(raw.getlist(key)) if hasattr(raw, "getlist") else [raw.get(key)]


def _empty(data: Any, key: str) -> bool:
    return any(isinstance(value, str) and not value.strip() for value in _values(data, key))


class PeriodBound(fields.Field[Any]):
    """A date bound given as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

    As a start it means the first day of that period, as an end the last day, so
    `start=2024&end=2024` covers the whole year.
    """

    def __init__(self, role: str, **kwargs: Any) -> None:
        kwargs["metadata"] = {**PARTIAL_DATE_FORM, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)
        self.role = role

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        try:
            first, precision = parse_partial_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return first if self.role == "start" else period_end(first, precision)


def period_bounds(what: str = "date") -> tuple[PeriodBound, PeriodBound]:
    """The `start` and `end` arguments: `start, end = period_bounds()` in a schema."""
    forms = "YYYY-MM-DD, YYYY-MM or YYYY"
    return (
        PeriodBound("start", metadata={"description": f"First {what}: {forms}"}),
        PeriodBound("end", metadata={"description": f"Last {what}: {forms}"}),
    )


def as_of_field() -> fields.Field[Any]:
    """The `as_of` argument every read takes."""
    return fields.String(
        metadata={
            "description": "Answer as the service would have at this revision: a revision "
            "id (`1`), a tag (`2025.12`) or an ISO 8601 time. Default: the latest revision."
        }
    )


class AsOfArgsSchema(ArgsSchema):
    """Just `as_of`."""

    as_of = as_of_field()


class PageArgsSchema(AsOfArgsSchema):
    """`as_of` and offset pagination."""

    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Rows per page; {DEFAULT_LIMIT} by default for JSON."},
    )


def format_field() -> fields.Field[Any]:
    """`format=json|csv`; absent, the `.csv` suffix or the Accept header decides."""
    return fields.String(
        validate=validate.OneOf(["json", "csv"]),
        metadata={
            "description": "`json` or `csv`. Without it, a `.csv` path or `Accept: text/csv` "
            "asks for CSV; JSON otherwise."
        },
    )


class DateRangeMixin:
    """`start` must not come after `end` (a 400 naming `start`)."""

    @validates_schema
    def _start_not_after_end(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(f"start {start} is after end {end}", field_name="start")


class EnvelopeSchema(Schema):
    """Every answer: the revision it is for, then the data."""

    revision = fields.Integer(
        required=True, metadata={"description": "The revision this answer is for."}
    )


class ListEnvelopeSchema(EnvelopeSchema):
    """A list answer with its page position and the next page's address."""

    offset = fields.Integer()
    limit = fields.Integer(allow_none=True)
    next = fields.String(allow_none=True, metadata={"description": "The next page, if any."})


class ProblemSchema(Schema):
    """An RFC 9457 problem detail."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Messages per argument or field."})
