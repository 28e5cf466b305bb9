"""Arguments of the data package and citation endpoints."""

from __future__ import annotations

from marshmallow import fields, validate

from api.domain.vocabulary import CITATION_STYLES as STYLES
from api.schemas.common import ArgsSchema, as_of_field


class PackageArgsSchema(ArgsSchema):
    """Arguments of /v1/export/datapackage.zip."""

    as_of = as_of_field()


class CitationArgsSchema(ArgsSchema):
    """Arguments of /v1/citation."""

    series = fields.String(
        metadata={"description": "A series id; without it, the whole data set is cited"}
    )
    as_of = as_of_field()
    style = fields.String(
        load_default="apa",
        validate=validate.OneOf(STYLES),
        metadata={"description": "apa (text), bibtex, ris or csl-json"},
    )
