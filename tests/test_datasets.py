"""The shipped data set: every research row accounted for, loadable, with the known facts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from datasets.loader import CHANGESETS, changesets

RESEARCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "research"
LOG = CHANGESETS.parent / "curation_log.csv"
VIASNA = "/v1/series/BY.political_prisoners.viasna/observations"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shipped(table: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for changeset in changesets():
        rows += [row for _, row in changeset.table(table)]
    return rows


@pytest.mark.skipif(not RESEARCH.exists(), reason="needs ../shared/data/research beside the repo")
@pytest.mark.parametrize("name", ["counts.csv", "releases.csv"])
def test_every_research_row_is_curated_or_logged(name):
    research = read(RESEARCH / name)
    curated = {row["research_row"] for row in shipped("observations")}
    omitted = {row["research_row"] for row in read(LOG) if row["action"] == "omitted"}
    missing = [
        f"{name}:{n}" for n in range(1, len(research) + 1) if f"{name}:{n}" not in curated | omitted
    ]
    assert missing == []


@pytest.mark.skipif(not RESEARCH.exists(), reason="needs ../shared/data/research beside the repo")
def test_curated_quotes_and_addresses_are_the_researched_ones():
    research = {
        f"{name}:{n}": row
        for name in ("counts.csv", "releases.csv")
        for n, row in enumerate(read(RESEARCH / name), start=1)
    }
    for row in shipped("observations"):
        source = research[row["research_row"]]
        assert (row["quote"], row["document_url"]) == (source["quote"], source["url"])


def test_first_changeset_is_tagged_revision_one():
    first = changesets()[0]
    assert (first.name, first.tag) == ("0001-initial", "2025.12")


def test_every_claim_has_a_document_with_an_address():
    urls = {row["url"] for row in shipped("documents")}
    assert urls and all(url.startswith(("http://", "https://")) for url in urls)
    assert all(row["document_url"] in urls for row in shipped("observations"))


def test_viasna_series_and_release_series_are_listed(shipped_client):
    ids = {s["id"] for s in shipped_client.get("/v1/series").get_json()["data"]}
    assert "BY.political_prisoners.viasna" in ids
    assert len([i for i in ids if i.startswith("BY.released.")]) >= 3


def test_22_november_2025_keeps_both_claims_and_flags_the_conflict(shipped_client):
    rows = shipped_client.get(f"{VIASNA}?claims=all&start=2025-11-22&end=2025-11-22").get_json()[
        "data"
    ]
    by_value = {row["value"]: row for row in rows}
    assert {1184, 1257} <= set(by_value)
    assert by_value[1184]["qualifier"] == "at_least"
    assert all(row["conflict"] for row in rows)
    assert all(row["document_url"] and row["quote"] for row in rows)


def test_11_september_2025_batch_has_52_51_and_50(shipped_client):
    body = shipped_client.get("/v1/releases?start=2025-09-11&end=2025-09-11").get_json()
    [batch] = body["data"]
    assert {52, 51, 50} <= {claim["value"] for claim in batch["claims"]}
    assert batch["brokered_by"]


def test_13_december_2025_batch_of_123_keeps_its_parts_apart(shipped_client):
    [batch] = shipped_client.get("/v1/releases?start=2025-12-13&end=2025-12-13").get_json()["data"]
    totals = {c["value"] for c in batch["claims"] if ".released." in c["series_id"]}
    parts = {c["value"] for c in batch["claims"] if ".released_part." in c["series_id"]}
    assert 123 in totals and 114 not in totals
    assert {114, 9} <= parts


def test_revision_one_equals_latest_while_it_is_the_only_one(shipped_client):
    first = shipped_client.get(f"{VIASNA}?format=csv&as_of=1").get_data(as_text=True)
    latest = shipped_client.get(f"{VIASNA}?format=csv").get_data(as_text=True)
    tagged = shipped_client.get(f"{VIASNA}?format=csv&as_of=2025.12").get_data(as_text=True)
    assert first == latest == tagged
    assert latest.count("\r\n") > 35
