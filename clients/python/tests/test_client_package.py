"""The data package through the client: every table a frame, equal to what the API answers."""

from __future__ import annotations

import pandas as pd
import pytest

from prisoner_counts import Client, DataPackage

# Table Schema type → the dtypes the client gives (text may be a vocabulary: categorical).
DTYPES = {
    "integer": {"Int64"},
    "boolean": {"boolean"},
    "date": {"datetime64[ns]"},
    "datetime": {"datetime64[ns, UTC]"},
    "string": {"string", "category"},
    "object": {"object"},
}


@pytest.fixture(scope="module")
def package(shipped) -> tuple[Client, DataPackage]:
    client = Client(shipped.base).pinned()
    return client, client.datapackage()


def same(left: pd.DataFrame, right: pd.DataFrame, key: str, columns: list[str]) -> None:
    """Equal on `columns`, row for row by `key`; categories compared as text."""

    def tidy(frame: pd.DataFrame) -> pd.DataFrame:
        picked = frame[columns].sort_values(key).reset_index(drop=True)
        for name in columns:
            if isinstance(picked[name].dtype, pd.CategoricalDtype):
                picked[name] = picked[name].astype("string")
        return picked

    pd.testing.assert_frame_equal(tidy(left), tidy(right))


def test_every_table_is_typed_as_its_table_schema_says(package):
    client, data = package
    assert data.revision == client.revision() == int(client.as_of or 0)
    for resource in data.descriptor["resources"]:
        frame = data[resource["name"]]
        fields = resource["schema"]["fields"]
        assert list(frame.columns) == [f["name"] for f in fields], resource["name"]
        for spec in fields:
            dtype = str(frame[spec["name"]].dtype)
            if frame[spec["name"]].notna().any():
                assert dtype in DTYPES[spec["type"]], (resource["name"], spec["name"], dtype)
        assert frame.attrs["revision"] == data.revision


def test_catalog_tables_equal_the_api(package):
    client, data = package
    same(data["sources"], client.sources(), "id", ["id", "name", "kind", "homepage", "description"])
    columns = ["id", "country", "measure", "source_id", "kind", "unit", "title", "method_note"]
    same(data["series"], client.series(), "id", [*columns, "licence"])
    documents = ["id", "url", "title", "publisher", "published_at", "archive_url", "language"]
    same(data["documents"], client.documents(), "id", documents)
    history = ["id", "created_at", "author", "message", "changeset"]
    same(data["revisions"], client.revisions(), "id", history)
    assert data["renames"].empty


def test_releases_equal_the_batch_columns_of_the_releases_csv(package):
    client, data = package
    batches = (
        client.releases().drop_duplicates("release_id").rename(columns={"release_title": "title"})
    )
    columns = ["release_id", "date", "date_precision", "country", "category", "mechanism"]
    columns += ["brokered_by", "title"]
    with_claims = data["releases"][data["releases"]["release_id"].isin(batches["release_id"])]
    assert len(with_claims) == len(data["releases"])  # every batch has a claim
    same(with_claims, batches, "release_id", columns)


@pytest.mark.slow  # one request per series (about 170)
def test_observations_equal_every_series_claims(package):
    client, data = package
    claims = pd.concat(
        [client.observations(s, claims="all") for s in data["series"]["id"]], ignore_index=True
    )
    columns = ["observation_id", "series_id", "date", "date_precision", "period_start", "value"]
    columns += ["qualifier", "status", "primary", "preferred", "conflict", "document_id"]
    columns += ["reported_by", "quote", "note", "release_id", "revision"]
    assert len(claims) == len(data["observations"])
    same(data["observations"], claims, "observation_id", columns)
