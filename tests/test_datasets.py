"""The shipped data set: every research row accounted for, loadable, with the known facts."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from api.domain.vocabulary import COUNTRY_NAMES
from api.storage.db import Database
from datasets.loader import CHANGESETS, changesets, load_pending
from tests.conftest import make_app

RESEARCH = Path(__file__).resolve().parents[1] / "datasets" / "research"
RESEARCH_FILES = ("counts.csv", "releases.csv", "mm_ru_counts.csv", "mm_ru_releases.csv")
VIASNA = "/v1/series/BY.political_prisoners.viasna/observations"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shipped(table: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for changeset in changesets():
        rows += [row for _, row in changeset.table(table)]
    return rows


@pytest.mark.parametrize("name", RESEARCH_FILES)
def test_every_research_row_is_curated_or_logged(name):
    research = read(RESEARCH / name)
    curated = {row["research_row"] for row in shipped("observations")}
    omitted = {row["research_row"] for row in shipped("curation_log") if row["action"] == "omitted"}
    missing = [
        f"{name}:{n}" for n in range(1, len(research) + 1) if f"{name}:{n}" not in curated | omitted
    ]
    assert missing == []


def test_curated_quotes_and_addresses_are_the_researched_ones():
    research = {
        f"{name}:{n}": row
        for name in RESEARCH_FILES
        for n, row in enumerate(read(RESEARCH / name), start=1)
    }
    from_research = [r for r in shipped("observations") if r["research_row"] in research]
    assert len(from_research) > 500
    for row in from_research:
        source = research[row["research_row"]]
        assert (row["quote"], row["document_url"]) == (source["quote"], source["url"])


def test_public_text_names_no_folder_outside_the_repository():
    """Messages, notes, curation logs and the READMEs speak of the data set itself."""
    repository = Path(__file__).resolve().parents[1]
    texts = [repository / "README.md", *(repository / "datasets").rglob("*.md")]
    texts += [path for path in CHANGESETS.rglob("*") if path.suffix in (".json", ".csv")]
    outside = re.compile(r"\.\./|/work/|\bshared/")
    named = [str(path) for path in texts if outside.search(path.read_text(encoding="utf-8"))]
    assert named == []
    assert sorted(p.name for p in RESEARCH.iterdir()) == [
        "README.md",
        "counts.csv",
        "mm_ru_counts.csv",
        "mm_ru_qualifiers.csv",
        "mm_ru_releases.csv",
        "releases.csv",
    ]


def test_rows_found_by_search_name_their_address():
    searched = [r for r in shipped("observations") if r["research_row"].startswith("search:")]
    assert searched
    assert all(r["research_row"] == f"search:{r['document_url']}" for r in searched)


VIASNA_SERIES = "BY.political_prisoners.viasna"


def test_changesets_in_order_with_their_tags():
    found = [(c.name, c.tag) for c in changesets()]
    assert found[:5] == [
        ("0001-initial", "2025.12"),
        ("0002-gap-fill", "2026.11"),
        ("0003-myanmar-russia", None),
        ("0004-original-names", None),
        ("0005-claim-semantics", None),
    ]
    names = [name for name, _ in found]
    assert names == sorted(names) and len(set(n[:4] for n in names)) == len(names)
    assert {"0007-belarus-2026", "0008-venezuela", "0009-cuba"} <= set(names)


def test_every_claim_has_a_document_with_an_address():
    urls = {row["url"] for row in shipped("documents")}
    assert urls and all(url.startswith(("http://", "https://")) for url in urls)
    assert all(row["document_url"] in urls for row in shipped("observations"))


def test_viasna_series_and_release_series_are_listed(shipped_client):
    ids = {s["id"] for s in shipped_client.get("/v1/series").get_json()["data"]}
    assert "BY.political_prisoners.viasna" in ids
    assert len([i for i in ids if i.startswith("BY.released.")]) >= 3


def test_22_november_2025_keeps_both_claims_and_leaves_the_choice_to_the_rule(shipped_client):
    rows = shipped_client.get(f"{VIASNA}?claims=all&start=2025-11-22&end=2025-11-22").get_json()[
        "data"
    ]
    by_value = {row["value"]: row for row in rows}
    assert {1184, 1257} <= set(by_value)
    assert by_value[1184]["qualifier"] == "at_least"
    assert not any(row["conflict"] for row in rows)  # 1,257 does not break "at least 1,184"
    assert (by_value[1257]["preferred_by"], by_value[1257]["curator_mark"]) == ("qualifier", None)
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


def viasna_months(client, as_of: str | None = None) -> set[str]:
    pinned = f"&as_of={as_of}" if as_of else ""
    text = client.get(f"{VIASNA}?format=csv&claims=all{pinned}").get_data(as_text=True)
    return {row["date"][:7] for row in csv.DictReader(io.StringIO(text))}


def test_the_gap_fill_adds_viasna_months_and_the_march_2026_batches(shipped_client):
    before, after = viasna_months(shipped_client, "2025.12"), viasna_months(shipped_client)
    assert before < after
    assert {"2021-01", "2021-02", "2021-03", "2022-01", "2025-10"} <= after - before
    batches = shipped_client.get("/v1/releases?country=BY&start=2026-03").get_json()["data"]
    assert [b["release_id"] for b in batches] == ["BY-2026-03-05", "BY-2026-03-19"]


def answers_at_first_revision(client) -> dict[str, object]:
    """What a reader pinned to the first revision sees: counts, the Viasna series, a source."""
    return {
        "series": client.get("/v1/series?as_of=2025.12").get_json(),
        "viasna": client.get(f"{VIASNA}?format=csv&claims=all&as_of=2025.12").get_data(),
        "claims": client.get("/v1/series/BY.political_prisoners.viasna?as_of=1").get_json(),
        "source": client.get("/v1/sources/viasna?as_of=2025.12").get_json(),
        "releases": client.get("/v1/releases.csv?as_of=1").get_data(),
    }


@pytest.mark.slow
def test_later_changesets_leave_the_first_revision_as_it_was(databases, tmp_path):
    only_first = tmp_path / "changesets"
    only_first.mkdir()
    shutil.copytree(CHANGESETS / "0001-initial", only_first / "0001-initial")
    url = databases.migrated()
    database = Database(url)
    assert load_pending(database, only_first) == [1]
    before = answers_at_first_revision(make_app(url).test_client())
    count = len(changesets())
    assert load_pending(database, CHANGESETS) == list(range(2, count + 1))
    database.dispose()
    client = make_app(url).test_client()  # a new app: nothing from its response cache
    assert answers_at_first_revision(client) == before
    assert before["claims"]["data"]["claim_count"] == 69  # type: ignore[index]
    latest = client.get("/v1/series/BY.political_prisoners.viasna").get_json()
    viasna = [
        r for r in shipped("observations") if r["series_id"] == "BY.political_prisoners.viasna"
    ]
    assert (latest["revision"], latest["data"]["claim_count"]) == (count, len(viasna))


def test_myanmar_and_russia_are_on_the_same_endpoints(shipped_client):
    series = shipped_client.get("/v1/series").get_json()["data"]
    assert {s["country"] for s in series} == set(COUNTRY_NAMES) == {"BY", "CU", "MM", "RU", "VE"}
    memorial = shipped_client.get("/v1/series/RU.political_prisoners.memorial").get_json()["data"]
    assert memorial["claim_count"] == 25
    assert memorial["title"] == "Political prisoners held in Russia, according to Memorial"
    arrested = shipped_client.get("/v1/series?country=MM&measure=arrested_total").get_json()
    assert [s["kind"] for s in arrested["data"]] == ["tally", "tally"]


CONFIRMED = "MM.released_political_prisoners.aapp"
IDENTIFIED = "MM.released_political_prisoners_identified.aapp"


@pytest.mark.parametrize(
    ("release_id", "announced", "confirmed", "identified"),
    [
        ("MM-2021-06-30", 2342, None, 370),
        ("MM-2021-10-18", 5636, 4075, 1199),
        ("MM-2022-11-17", 5774, 402, None),
        ("MM-2023-01-04", 7012, 300, 193),
    ],
)
def test_an_amnesty_shows_the_announced_total_beside_the_confirmed_and_identified_counts(
    shipped_client, release_id, announced, confirmed, identified
):
    day = release_id.removeprefix("MM-")
    [batch] = shipped_client.get(f"/v1/releases?country=MM&start={day}&end={day}").json["data"]
    claims = {(c["series_id"], c["value"]) for c in batch["claims"]}
    assert ("MM.released.myanmar-junta", announced) in claims
    ids = f"MM.released.myanmar-junta,{CONFIRMED},{IDENTIFIED}"
    [row] = shipped_client.get(f"/v1/compare?series={ids}&start={day}&end={day}").json["data"]
    headlines = (row["MM.released.myanmar-junta"], row[CONFIRMED], row[IDENTIFIED])
    assert headlines == (announced, confirmed, identified)


def test_claim_semantics_labels_reach_the_api(shipped_client):
    """0005-claim-semantics: computed values, parts and curator marks, as the API shows them."""
    releases = shipped_client.get("/v1/releases?country=BY&start=2024-07&end=2024-07").json["data"]
    viasna = {
        c["value"]: c
        for b in releases
        for c in b["claims"]
        if c["series_id"] == "BY.released.viasna"
    }
    assert viasna[10]["counted"] == "sum"
    parts = shipped_client.get(
        "/v1/series/BY.released_part.viasna/observations?claims=all&start=2025-12-13&end=2025-12-13"
    ).json["data"]
    assert {(p["value"], p["part"]) for p in parts} == {
        (114, "taken to Ukraine"),
        (104, "Belarusian citizens taken to Ukraine"),
    }
    religious = shipped_client.get(
        "/v1/series/RU.political_prisoners_religious.memorial/observations?claims=all&start=2021-10"
        "&end=2021-10"
    ).json["data"]
    marks = sorted((r["value"], r["curator_mark"], r["preferred_by"]) for r in religious)
    assert marks == [
        (320, None, None),
        (340, "preferred", "curator"),
        (360, "disputed", None),
        (360, "disputed", None),
    ]
