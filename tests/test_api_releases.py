"""/v1/releases on the fixture data set."""

from __future__ import annotations

import csv
import io


def test_batches_carry_every_sources_claim(client):
    body = client.get("/v1/releases").get_json()
    [batch] = body["data"]
    assert (batch["release_id"], batch["mechanism"], batch["brokered_by"]) == (
        "XX-2024-03-01",
        "pardon",
        "Ruritania; Freedonia",
    )
    assert sorted((c["source_id"], c["value"]) for c in batch["claims"]) == [
        ("alpha", 12),
        ("beta", 10),
    ]
    assert body["revision"] == 2


def test_filters(client):
    def count(query: str) -> int:
        return len(client.get(f"/v1/releases?{query}").get_json()["data"])

    assert count("start=2024-03-01&end=2024-03-01") == 1
    assert count("start=2024-04") == 0
    assert count("end=2023") == 0
    assert count("mechanism=pardon") == 1
    assert count("mechanism=exchange") == 0
    assert count("brokered_by=freedonia") == 1
    assert count("country=YY") == 0


def test_source_filter_keeps_only_that_sources_claims(client):
    [batch] = client.get("/v1/releases?source=beta").get_json()["data"]
    assert [c["value"] for c in batch["claims"]] == [10]
    assert client.get("/v1/releases?source=nobody").get_json()["data"] == []


def test_releases_csv_has_one_row_per_claim_with_batch_columns(client):
    response = client.get("/v1/releases?format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="releases.r2.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0])[:18] == (
        "release_id,date,date_precision,country,category,mechanism,brokered_by,series_id,"
        "source_id,value,qualifier,reported_by,publisher,document_url,published_at,quote,"
        "observation_id,revision"
    ).split(",")
    assert [(r["series_id"], r["value"], r["date"], r["claim_date"]) for r in rows] == [
        ("XX.released.alpha", "12", "2024-03-01", "2024-03-02"),
        ("XX.released.beta", "10", "2024-03-01", "2024-03-01"),
    ]
    assert rows[1]["quote"] == "Помилованы 10 человек."
