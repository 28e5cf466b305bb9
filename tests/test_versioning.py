"""The append-only store: corrections, retractions, as_of, all-or-nothing writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.errors import InvalidArgument
from api.storage.models import Observation, Revision
from api.storage.writer import RevisionWriter
from datasets.loader import ChangesetError, load_pending
from tests.conftest import FIXTURES, database_of

OBS = "/v1/series/XX.political_prisoners.alpha/observations"


def write(app, message: str, action) -> int:
    with database_of(app).write() as session:
        writer = RevisionWriter(session, "tester", message)
        action(writer)
        return writer.revision


def row_count(app) -> int:
    with database_of(app).read() as session:
        return int(session.scalar(select(func.count()).select_from(Observation)) or 0)


def test_a_correction_adds_a_version_and_keeps_the_old_one(loaded_app):
    revision = write(loaded_app, "fix a typo", lambda w: w.correct_observation(3, value=121))
    assert revision == 3
    client = loaded_app.test_client()
    latest = client.get(f"{OBS}?start=2024-02-29&end=2024-02-29").get_json()["data"]
    before = client.get(f"{OBS}?start=2024-02-29&end=2024-02-29&as_of=2").get_json()["data"]
    assert [r["value"] for r in latest] == [121]
    assert [r["value"] for r in before] == [120]
    history = client.get("/v1/observations/3").get_json()["data"]["versions"]
    assert [(v["version"], v["value"], v["added_in"], v["removed_in"]) for v in history] == [
        (1, 120, 1, 3),
        (2, 121, 3, None),
    ]
    assert history[1]["message"] == "fix a typo"
    old_view = client.get("/v1/observations/3?as_of=2").get_json()["data"]
    assert [(v["version"], v["removed_in"]) for v in old_view["versions"]] == [(1, None)]
    changes = client.get("/v1/revisions/3").get_json()["data"]["changes"]["observations"]
    assert changes == {"added": [], "corrected": [3], "removed": []}


def test_a_retraction_hides_the_claim_but_destroys_nothing(loaded_app):
    rows_before = row_count(loaded_app)
    write(loaded_app, "retract", lambda w: w.retract_observation(8))
    client = loaded_app.test_client()
    assert client.get("/v1/observations/8").status_code == 410
    assert client.get("/v1/observations/8?as_of=2").status_code == 200
    assert row_count(loaded_app) == rows_before
    changes = client.get("/v1/revisions/3").get_json()["data"]["changes"]["observations"]
    assert changes["removed"] == [8]


def test_a_failed_write_changes_nothing_and_leaves_no_gap(loaded_app):
    rows_before = row_count(loaded_app)

    def bad(writer: RevisionWriter) -> None:
        writer.correct_observation(1, value=101)
        writer.retract_observation(999)  # no such claim: the whole revision fails

    with pytest.raises(Exception, match="999"):
        write(loaded_app, "doomed", bad)
    assert row_count(loaded_app) == rows_before
    client = loaded_app.test_client()
    assert client.get("/v1/observations/1").get_json()["data"]["value"] == 100
    assert write(loaded_app, "next", lambda w: w.retract_observation(2)) == 3


def test_references_are_checked_inside_the_write(loaded_app):
    def orphan(writer: RevisionWriter) -> None:
        writer.add_observation(
            series_id="XX.nothing.nobody",
            date=None,
            date_precision="day",
            value=1,
            qualifier="exact",
            status="reported",
            is_primary=False,
            document_id=1,
            quote="1",
        )

    with pytest.raises(InvalidArgument, match="unknown series"):
        write(loaded_app, "orphan", orphan)


def test_loading_again_applies_nothing(loaded_app):
    assert load_pending(database_of(loaded_app), FIXTURES) == []


def test_a_later_changeset_adds_a_revision_on_top(empty_app, tmp_path: Path):
    root = tmp_path / "changesets"
    root.mkdir()
    shutil.copytree(FIXTURES / "0001-base", root / "0001-base")
    assert load_pending(database_of(empty_app), root) == [1]
    shutil.copytree(FIXTURES / "0002-more", root / "0002-more")
    assert load_pending(database_of(empty_app), root) == [2]
    client = empty_app.test_client()
    assert [r["value"] for r in client.get(f"{OBS}?as_of=1").get_json()["data"]] == [90, 100, 120]


def test_a_bad_changeset_names_file_and_line_and_loads_nothing(empty_app, tmp_path: Path):
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES / "0001-base", root / "0001-base")
    path = root / "0001-base" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",120,exact,", ",120,roughly,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ChangesetError, match=r"0001-base/observations.csv line 4: qualifier"):
        load_pending(database_of(empty_app), root)
    with database_of(empty_app).read() as session:
        assert session.scalar(select(func.count()).select_from(Revision)) == 0
        assert session.scalar(select(func.count()).select_from(Observation)) == 0
