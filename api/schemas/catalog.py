"""Sources, series and documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.domain.documents import MIRROR, REPUBLISHED_BY
from api.domain.vocabulary import SOURCE_KINDS
from api.schemas.common import (
    ArgsSchema,
    EnvelopeSchema,
    ListEnvelopeSchema,
    PageArgsSchema,
    as_of_field,
)
from api.schemas.observations import ObservationSchema


class SourceArgsSchema(ArgsSchema):
    """Filters of /v1/sources."""

    as_of = as_of_field()
    kind = fields.String(validate=validate.OneOf(SOURCE_KINDS))


def _by_language(what: str, example: dict[str, str]) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": f"The {what} in every language it has, by language tag; English "
            "(`en`) always, the original language (e.g. `be`, `ru`) where there is one",
            "example": example,
        },
    )


class SourceSchema(Schema):
    """An organisation or person that counts or reports."""

    id = fields.String(required=True)
    name = fields.String(
        required=True,
        metadata={"description": "In the best language `Accept-Language` allows, else English"},
    )
    names = _by_language(
        "name", {"en": 'Human Rights Centre "Viasna"', "be": "Праваабарончы цэнтр «Вясна»"}
    )
    kind = fields.String(required=True, validate=validate.OneOf(SOURCE_KINDS))
    homepage = fields.String(allow_none=True)
    description = fields.String(allow_none=True)


class SourceDetailSchema(SourceSchema):
    """A source with its series."""

    series = fields.List(fields.String())


class SourceListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(SourceSchema))


class SourceItemSchema(EnvelopeSchema):
    data = fields.Nested(SourceDetailSchema)


class SeriesArgsSchema(ArgsSchema):
    """Filters of /v1/series."""

    as_of = as_of_field()
    country = fields.String(metadata={"description": "ISO 3166 alpha-2, e.g. BY"})
    measure = fields.String(metadata={"description": "e.g. political_prisoners, released"})
    source = fields.String(metadata={"description": "A source id, e.g. viasna"})
    source_kind = fields.String(validate=validate.OneOf(SOURCE_KINDS))


class SeriesSchema(Schema):
    """One sequence of numbers from one source, country and measure."""

    id = fields.String(required=True, metadata={"example": "BY.political_prisoners.viasna"})
    country = fields.String(required=True)
    measure = fields.String(required=True)
    source_id = fields.String(required=True)
    source_name = fields.String()
    source_kind = fields.String()
    kind = fields.String(required=True, metadata={"description": "stock, flow or tally"})
    unit = fields.String(required=True)
    title = fields.String(
        required=True,
        metadata={"description": "In the best language `Accept-Language` allows, else English"},
    )
    titles = _by_language("title", {"en": "Political prisoners held in Belarus, …"})
    method_note = fields.String(allow_none=True)
    licence = fields.String(allow_none=True)
    claim_count = fields.Integer()
    first_date = fields.Date(allow_none=True)
    last_date = fields.Date(allow_none=True)


class SeriesDetailSchema(SeriesSchema):
    """A series with its latest preferred claim."""

    latest = fields.Nested(ObservationSchema, allow_none=True)


class SeriesListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(SeriesSchema))


class SeriesItemSchema(EnvelopeSchema):
    data = fields.Nested(SeriesDetailSchema)


class DocumentArgsSchema(PageArgsSchema):
    """Arguments of /v1/documents."""


class DocumentSchema(Schema):
    """A publication in which figures appeared."""

    id = fields.Integer(required=True)
    url = fields.String(required=True)
    title = fields.String(allow_none=True)
    publisher = fields.String(allow_none=True)
    published_at = fields.Date(allow_none=True)
    retrieved_at = fields.Date(allow_none=True)
    archive_url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    republished_by = fields.String(allow_none=True, metadata={"description": REPUBLISHED_BY})
    mirror = fields.Boolean(allow_none=True, metadata={"description": MIRROR})


class DocumentDetailSchema(DocumentSchema):
    """A document with the claims that cite it."""

    observation_ids = fields.List(fields.Integer())


class DocumentListSchema(ListEnvelopeSchema):
    data = fields.List(fields.Nested(DocumentSchema))


class DocumentItemSchema(EnvelopeSchema):
    data = fields.Nested(DocumentDetailSchema)
