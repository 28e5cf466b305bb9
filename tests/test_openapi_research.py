"""The OpenAPI document describes the research tools' arguments and answers."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from api.storage.models import Base
from tests.conftest import database_of


def test_observations_document_periods_and_their_arguments(client):
    spec = client.get("/v1/openapi.json").json
    operation = spec["paths"]["/v1/series/{series_id}/observations"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"view", "frequency", "aggregation", "transform"} <= names
    data = spec["components"]["schemas"]["SeriesDataList"]["properties"]["data"]
    assert data["items"]["oneOf"] == [
        {"$ref": "#/components/schemas/Observation"},
        {"$ref": "#/components/schemas/SeriesPeriod"},
    ]
    period = spec["components"]["schemas"]["SeriesPeriod"]["properties"]
    assert list(period) == [
        "period",
        "period_end",
        "value",
        "qualifier",
        "bound",
        "derived",
        "claim_count",
        "empty_reason",
    ]


def test_downloads_document_their_media_types(client):
    paths = client.get("/v1/openapi.json").json["paths"]
    citation = paths["/v1/citation"]["get"]["responses"]["200"]["content"]
    assert set(citation) == {
        "text/plain",
        "application/x-bibtex",
        "application/x-research-info-systems",
        "application/vnd.citationstyles.csl+json",
    }
    package = paths["/v1/export/datapackage.zip"]["get"]["responses"]["200"]["content"]
    assert list(package) == ["application/zip"]
    for path in ("/v1/compare", "/v1/releases/summary", "/v1/series/{series_id}/vintages"):
        assert "text/csv" in paths[path]["get"]["responses"]["200"]["content"]


def test_migrations_build_the_tables_the_models_describe(app):
    with database_of(app).engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
