"""Building blocks of the write bodies: text checks, dates, addresses, messages.

Every text of a write is checked here (`BodySchema`): no control characters but tabs and
line breaks, no bidirectional controls. Dates are ASCII digits from EARLIEST_DATE on, and
never in the future; addresses are http(s) and at most MAX_URL characters.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from api.domain.vocabulary import (
    DATE_PRECISIONS,
    DEFAULT_LANGUAGE,
    LANGUAGE_TAG,
    PARTIAL_DATE_FORM,
    parse_partial_date,
)
from api.schemas.common import WholeMatch

MAX_BATCH = 10_000
# Control characters, and the bidirectional controls that can make text read otherwise
# than it is stored (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, the
# LRM/RLM/ALM marks), and U+FFFE and U+FFFF (no characters; no XML document holds them,
# so the Atom feeds and the chart renderer failed on one): refused in every text of a write.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
EARLIEST_DATE = dt.date(1950, 1, 1)  # no source in scope counts earlier; a typo otherwise
MAX_URL = 2_048  # the longest address any browser or proxy keeps reliably
MAX_COUNT = 2**53 - 1  # the largest integer every JSON reader holds exactly
ID = WholeMatch(r"^[a-z0-9][a-z0-9-]{0,99}$", error="use lower-case letters, digits and -")
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
    if not LANGUAGE_TAG.fullmatch(tag):
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


class PartialDate(fields.Field[Any]):
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


def _message() -> fields.Field[Any]:
    return fields.String(validate=[validate.Length(min=1, max=2_000), _text_not_blank])


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
