"""Arguments and answers of /v1/series/{id}/observations: claims, or a resampled series."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.domain.bounds import BOUND_NAMES
from api.domain.vocabulary import AGGREGATIONS, FREQUENCIES, QUALIFIERS, SERIES_VIEWS, TRANSFORMS
from api.schemas.common import DateRangeMixin
from api.schemas.observations import ObservationArgsSchema, ObservationListSchema, ObservationSchema


def frequency_field() -> fields.Field[Any]:
    """`frequency`: the period length to resample to."""
    return fields.String(
        validate=validate.OneOf(FREQUENCIES),
        metadata={"description": "Resample to days, weeks (to Sunday), months, quarters, years"},
    )


def aggregation_field() -> fields.Field[Any]:
    """`aggregation`: how the claims of one period become one value."""
    return fields.String(
        validate=validate.OneOf(AGGREGATIONS),
        metadata={
            "description": "How a period's claims combine. Default: last for stocks and "
            "tallies, sum for flows. Stocks refuse sum, tallies sum and mean."
        },
    )


class SeriesDataArgsSchema(DateRangeMixin, ObservationArgsSchema):
    """Arguments of /v1/series/{id}/observations."""

    view = fields.String(
        load_default="current",
        validate=validate.OneOf(SERIES_VIEWS),
        metadata={
            "description": "`current`: each date as known at `as_of`; `first_release`: each "
            "date's value as first published (ALFRED's initial release)."
        },
    )
    frequency = frequency_field()
    aggregation = aggregation_field()
    transform = fields.String(
        load_default="none",
        validate=validate.OneOf(TRANSFORMS),
        metadata={"description": "none, diff, pct_change (a fraction), cumsum (flows only)"},
    )

    @validates_schema
    def _resampling_uses_preferred_claims(self, data: dict[str, Any], **_kwargs: Any) -> None:
        resamples = data.get("frequency") or data.get("aggregation")
        if data.get("claims") == "all" and (resamples or data.get("transform") != "none"):
            message = "claims=all cannot be resampled: periods use the preferred claim per date"
            raise ValidationError(message, field_name="claims")


class SeriesPeriodSchema(Schema):
    """One period of a resampled or transformed series."""

    period = fields.String(
        required=True, metadata={"example": "2024-03", "description": "e.g. 2024-W10, 2024-Q1"}
    )
    period_end = fields.Date(required=True, metadata={"description": "Last day of the period"})
    value = fields.Raw(
        allow_none=True,
        metadata={
            "type": "number",
            "description": "Empty when no value can be given (see empty_reason)",
        },
    )
    qualifier = fields.String(
        allow_none=True,
        validate=validate.OneOf(QUALIFIERS),
        metadata={
            "description": "A picked claim's own qualifier; for a computed value, what its "
            "bound says (at_least, at_most, about, exact)"
        },
    )
    bound = fields.String(
        allow_none=True,
        validate=validate.OneOf(BOUND_NAMES),
        metadata={"description": "lower: the true figure is at least the value; upper: ..."},
    )
    derived = fields.Boolean(
        metadata={
            "description": "Computed (summed, averaged, differenced) from bounds or estimates"
        }
    )
    claim_count = fields.Integer(metadata={"description": "Claims that fell in the period"})
    empty_reason = fields.String(
        allow_none=True,
        metadata={
            "description": "Why the value is empty (no claim, nothing to compare with, "
            "bounds in opposite directions); empty when there is a value"
        },
    )


class ClaimOrPeriodField(fields.Field[Any]):
    """A claim, or (when the series is resampled or transformed) a period."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        schema = _PERIOD if isinstance(value, dict) and "period" in value else _CLAIM
        return schema.dump(value)


_PERIOD, _CLAIM = SeriesPeriodSchema(), ObservationSchema()


class SeriesDataListSchema(ObservationListSchema):
    """The claims of a series, or its periods."""

    view = fields.String()
    frequency = fields.String(allow_none=True)
    aggregation = fields.String(allow_none=True)
    transform = fields.String(allow_none=True)
    claims_left_out = fields.Integer(
        metadata={"description": "Claims less precise than the frequency, in no period"}
    )
    data = fields.List(
        ClaimOrPeriodField(
            metadata={
                "oneOf": [
                    {"$ref": "#/components/schemas/Observation"},
                    {"$ref": "#/components/schemas/SeriesPeriod"},
                ]
            }
        )
    )


# Schemas the OpenAPI document needs although no field nests them (see `ClaimOrPeriodField`).
COMPONENTS: dict[str, type[Schema]] = {"SeriesPeriod": SeriesPeriodSchema}
