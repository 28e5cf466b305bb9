"""Arguments and answer of /v1/compare."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import Schema, ValidationError, fields

from api.domain.vocabulary import COMPARE_MAX_SERIES as MAX_SERIES
from api.schemas.common import (
    ArgsSchema,
    DateRangeMixin,
    EnvelopeSchema,
    as_of_field,
    format_field,
    period_bounds,
)
from api.schemas.series_data import aggregation_field, frequency_field


class SeriesIdList(fields.Field[Any]):
    """Comma-separated series ids: at least one, at most MAX_SERIES, none twice."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        ids = tuple(part.strip() for part in str(value).split(",") if part.strip())
        if not ids:
            raise ValidationError("name at least one series id")
        if len(ids) > MAX_SERIES:
            raise ValidationError(f"at most {MAX_SERIES} series, not {len(ids)}")
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValidationError(f"listed twice: {', '.join(twice)}")
        return ids


class CompareArgsSchema(DateRangeMixin, ArgsSchema):
    """Arguments of /v1/compare."""

    series = SeriesIdList(
        required=True,
        metadata={
            "description": f"Comma-separated series ids (at most {MAX_SERIES})",
            "example": "BY.political_prisoners.viasna,BY.political_prisoners.us-government",
        },
    )
    as_of = as_of_field()
    start, end = period_bounds("period")
    frequency = frequency_field()
    aggregation = aggregation_field()
    format = format_field()


class AlignedRowField(fields.Dict):
    """One row of the aligned table, its dates in ISO 8601."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in value.items()}


class ComparedSeriesSchema(Schema):
    """One compared series: its kind and the aggregation its column uses."""

    id = fields.String()
    kind = fields.String()
    aggregation = fields.String()


class ComparisonSchema(EnvelopeSchema):
    """Series side by side: one row per date (or period), one column per series."""

    frequency = fields.String(allow_none=True)
    series = fields.List(fields.Nested(ComparedSeriesSchema))
    columns = fields.List(fields.String(), metadata={"description": "The CSV header, in order"})
    data = fields.List(
        AlignedRowField(),
        metadata={
            "description": "`period`, `period_end`, then per series `{id}` (the value) and "
            "`{id}.qualifier`; empty where a series has no claim."
        },
    )
