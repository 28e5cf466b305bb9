"""Rule 2 through the API: preferred_by, conflicts as ranges, parts, sums, curator marks,
batch-level disagreement, and the rule versioned with the data (earlier revisions unchanged).

The data is the synthetic fixture (0001-base, 0002-more) and a third, synthetic changeset
written here that introduces rule 2, parts, a computed value, a correction and a mark.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from api.storage.db import Database
from datasets.loader import ChangesetError, load_pending
from tests.conftest import FIXTURES, DatabaseFactory, make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"
SEMANTICS = {
    "changeset.json": {
        "message": "Synthetic: rule 2, parts, a sum, a mark",
        "author": "tests",
        "created_at": "2024-07-01T00:00:00Z",
        "rule": 2,
    },
    "series.csv": [
        "id,country,measure,source_id,kind,unit,title,method_note,licence",
        "XX.released_part.alpha,XX,released_part,alpha,flow,persons,Parts per Alpha,Synthetic,",
    ],
    "observations.csv": [
        "series_id,date,period_start,value,qualifier,status,primary,reported_by,document_url,"
        "quote,note,release_id,part,counted",
        "XX.released_part.alpha,2024-03-02,,7,exact,reported,false,Daily Test,https://news.test/a,"
        '"Seven went to Ruritania and three to Freedonia.",,XX-2024-03-01,taken to Ruritania,',
        "XX.released_part.alpha,2024-03-02,,3,exact,reported,false,Daily Test,https://news.test/a,"
        '"Seven went to Ruritania and three to Freedonia.",,XX-2024-03-01,taken to Freedonia,',
        "XX.released.alpha,2024-03-03,,10,exact,reported,false,Weekly Test,https://news.test/b,"
        '"Seven went to Ruritania and three to Freedonia.",,XX-2024-03-01,,sum',
    ],
    "corrections.csv": [
        "claim,note,reason",
        '0001-base/observations.csv:8,"year precision, checked",the note said too little',
    ],
    "marks.csv": [
        "claim,mark,reason",
        '0001-base/observations.csv:4,disputed,"Daily Test misread the February review"',
    ],
}


def write_changeset(root: Path, name: str, files: dict) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for file, content in files.items():
        text = json.dumps(content) if file.endswith(".json") else "\n".join(content) + "\n"
        (folder / file).write_text(text, encoding="utf-8")


@pytest.fixture()
def roots(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture's changesets, and the same with the rule-2 changeset on top."""
    before, after = tmp_path / "before", tmp_path / "after"
    for root in (before, after):
        for fixture in ("0001-base", "0002-more"):
            shutil.copytree(FIXTURES / fixture, root / fixture)
    write_changeset(after, "0003-semantics", SEMANTICS)
    return before, after


@pytest.fixture()
def semantics(databases: DatabaseFactory, roots):
    """An app whose database held the fixture, then got the rule-2 changeset; and the
    answers of the fixture's revisions recorded before that changeset was loaded."""
    before, after = roots
    url = databases.migrated()
    app = make_app(url)
    database = app.extensions["database"]
    load_pending(database, before)
    client = app.test_client()
    paths = [f"{OBS}?claims=all&as_of={r}" for r in (1, 2)]
    paths += [f"{OBS}.csv?claims=all&as_of={r}" for r in (1, 2)]
    paths += ["/v1/releases.csv?as_of=2", "/v1/releases?as_of=2"]
    recorded = {path: client.get(path).get_data() for path in paths}
    load_pending(database, after)
    yield client, recorded
    database.dispose()


def rows(response) -> list[dict]:
    return response.get_json()["data"]


def test_earlier_revisions_answer_with_the_rule_of_their_time(semantics):
    client, recorded = semantics
    for path, body in recorded.items():
        assert client.get(path).get_data() == body, path
    revisions = client.get("/v1/revisions").get_json()["data"]
    assert [(r["id"], r["rule"]) for r in revisions] == [(3, 2), (2, 2), (1, 1)]


def test_a_curators_disputed_mark_decides_and_conflicts_name_their_claims(semantics):
    client, _ = semantics
    february = rows(
        client.get(OBS, query_string={"claims": "all", "start": "2024-02", "end": "2024-02"})
    )
    by_value = {r["value"]: r for r in february}
    assert (by_value[125]["preferred"], by_value[125]["preferred_by"]) == (True, "curator")
    assert by_value[120]["curator_mark"] == "disputed"
    assert by_value[120]["curator_reason"] == "Daily Test misread the February review"
    # 120 is below "at least 125": they cannot both be true.
    assert by_value[120]["conflict"] and by_value[125]["conflict"]
    assert by_value[120]["conflict_with"] == [by_value[125]["observation_id"]]
    january = rows(client.get(OBS, query_string={"claims": "all", "start": "2024-01-31"}))[:2]
    assert [(r["value"], r["preferred_by"], r["conflict"]) for r in january] == [
        (100, "own_publication", False),
        (100, None, False),
    ]


def test_the_batch_carries_its_totals_conflict_and_headline_parts_apart(semantics):
    client, _ = semantics
    [batch] = rows(client.get("/v1/releases"))
    values = [
        (v["measure"], v["value"], v["qualifier"], v["source_ids"], v["claim_count"])
        for v in batch["claimed_values"]
    ]
    assert values == [
        ("released", 10, "exact", ["alpha", "beta"], 2),
        ("released", 12, "about", ["alpha"], 1),
    ]
    assert batch["conflict"] is True  # "about 12" (11 to 13) cannot be 10
    [headline] = batch["preferred"]
    assert (headline["measure"], headline["value"], headline["source_id"]) == (
        "released",
        10,
        "beta",
    )
    assert headline["preferred_by"] == "own_publication"
    parts = [c for c in batch["claims"] if c["part"]]
    assert sorted((c["part"], c["value"], c["conflict"]) for c in parts) == [
        ("taken to Freedonia", 3, False),
        ("taken to Ruritania", 7, False),
    ]
    summed = next(c for c in batch["claims"] if c["counted"] == "sum")
    assert summed["value"] == 10


def test_the_releases_csv_appends_the_new_columns(semantics):
    client, _ = semantics
    body = client.get("/v1/releases.csv").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(body)))
    header = body.splitlines()[0].split(",")
    assert header[-13:-4] == [
        "conflict",
        "preferred_by",
        "conflict_with",
        "part",
        "counted",
        "curator_mark",
        "curator_reason",
        "batch_conflict",
        "batch_preferred_by",
    ]
    assert {row["batch_conflict"] for row in table} == {"true"}
    headline = [row for row in table if row["batch_preferred_by"]]
    assert [(r["source_id"], r["value"], r["batch_preferred_by"]) for r in headline] == [
        ("beta", "10", "own_publication")
    ]
    assert [r["counted"] for r in table if r["value"] == "10" and r["source_id"] == "alpha"] == [
        "sum"
    ]


def test_a_correction_in_a_changeset_is_a_new_version(semantics):
    client, _ = semantics
    year = rows(client.get(OBS, query_string={"start": "2024", "end": "2024", "claims": "all"}))
    corrected = next(r for r in year if r["date_precision"] == "year")
    assert corrected["note"] == "year precision, checked"
    history = client.get(f"/v1/observations/{corrected['observation_id']}/history").get_json()
    assert [v["version"] for v in history["data"]] == [1, 2]


def test_a_mark_refers_to_a_shipped_row_or_the_changeset_is_refused(databases, roots):
    _, after = roots
    bad = dict(
        SEMANTICS,
        **{"marks.csv": ["claim,mark,reason", "0001-base/observations.csv:99,preferred,x"]},
    )
    shutil.rmtree(after / "0003-semantics")
    write_changeset(after, "0003-semantics", bad)
    database = Database(databases.migrated())
    with pytest.raises(ChangesetError, match=r"0003-semantics/marks.csv line 2: claim .*:99"):
        load_pending(database, after)
    with database.read() as session:
        assert session.scalar(text("select max(id) from revisions")) == 2  # nothing written
    database.dispose()
