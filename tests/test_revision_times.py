"""Revision times travel with the data: changeset times, stamps at commit, settled `as_of`."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from api.storage.writer import RevisionWriter
from datasets.loader import ChangesetError, changesets, load_pending
from tests.conftest import FIXTURES, NEW_CLAIM, database_of, make_app

SERIES_PATH = "/v1/series/XX.political_prisoners.alpha"
OBS = f"{SERIES_PATH}/observations"
PINNED = "public, max-age=31536000, immutable"
LATEST = "public, max-age=60, stale-while-revalidate=600"
# What a citation of the fixture data set must say on every installation.
SAME_EVERYWHERE = (
    "/v1/revisions",
    "/v1/revisions/1",
    "/v1/tags",
    "/v1/citation?style=bibtex&as_of=1",
    "/v1/citation?style=csl-json",
    "/v1/series/XX.political_prisoners.alpha/chart.vl.json",
    "/v1/series/XX.political_prisoners.alpha/chart.vl.json?as_of=fixture.1",
    "/v1/changes.atom",
)


def at(moment: str | dt.datetime) -> str:
    """`as_of` for a time, escaped for a query string."""
    text = moment.isoformat() if isinstance(moment, dt.datetime) else moment
    return quote(text, safe="")


def times(client) -> list[str]:
    """The revisions' times, oldest first."""
    rows = client.get("/v1/revisions").get_json()["data"]
    return [row["created_at"] for row in sorted(rows, key=lambda row: row["id"])]


def with_changeset(tmp_path: Path, name: str, meta: dict[str, str]) -> Path:
    """The fixture changesets and one more, with one new source and this changeset.json."""
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    folder = root / name
    folder.mkdir()
    (folder / "changeset.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,name,kind,homepage,description\ngamma,Gamma Watch (synthetic),press,,\n", "utf-8"
    )
    return root


def test_each_revision_has_the_time_its_changeset_was_made(client):
    assert times(client) == ["2024-05-02T09:00:00+00:00", "2024-06-03T10:30:00+00:00"]
    [tag] = client.get("/v1/tags").get_json()["data"]
    assert (tag["name"], tag["created_at"]) == ("fixture.1", "2024-05-02T09:00:00+00:00")


def test_the_shipped_changesets_say_when_they_were_made():
    """0001-0004: the time of the commit that last changed the files the loader reads."""
    made = {c.name: c.made_at().isoformat() for c in changesets()}
    assert list(made.items())[:4] == [
        ("0001-initial", "2026-11-27T04:29:35+00:00"),
        ("0002-gap-fill", "2026-11-27T04:30:29+00:00"),
        ("0003-myanmar-russia", "2026-11-27T07:21:34+00:00"),
        ("0004-original-names", "2026-11-27T07:21:34+00:00"),
    ]
    assert all(made.values())  # every one says when it was made


def test_two_fresh_installs_answer_byte_for_byte(databases):
    answers = []
    for _ in range(2):
        app = make_app(databases.migrated())
        load_pending(database_of(app), FIXTURES)
        client = app.test_client()
        answers.append(
            {
                path: (response.get_data(), response.headers.get("Last-Modified"))
                for path in SAME_EVERYWHERE
                if (response := client.get(path)).status_code == 200
            }
        )
    assert set(answers[0]) == set(SAME_EVERYWHERE)
    assert answers[0] == answers[1]
    bibtex, modified = answers[0]["/v1/citation?style=bibtex&as_of=1"]
    assert b"year         = {2024},\n  month        = {may}" in bibtex
    assert modified == "Thu, 02 May 2024 09:00:00 GMT"


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        ({"message": "m"}, "created_at is missing: a changeset must say when it was made"),
        ({"message": "m", "created_at": "2024-07-01"}, "is not an ISO 8601 time with its zone"),
        ({"message": "m", "created_at": "2024-07-01T10:00:00"}, "with its zone"),
        ({"message": "m", "created_at": "last July"}, "'last July' is not an ISO 8601 time"),
    ],
)
def test_a_changeset_must_say_when_it_was_made(empty_app, tmp_path, meta, problem):
    root = with_changeset(tmp_path, "0003-late", meta)
    with pytest.raises(ChangesetError, match=problem) as refused:
        load_pending(database_of(empty_app), root)
    assert "0003-late/changeset.json" in str(refused.value)
    assert times(empty_app.test_client()) == []  # refused before any changeset was applied


def test_a_time_with_another_zone_is_kept_in_utc(tmp_path):
    root = with_changeset(
        tmp_path, "0003-late", {"message": "m", "created_at": "2024-07-01T12:00+02:00"}
    )
    assert changesets(root)[-1].made_at() == dt.datetime(2024, 7, 1, 10, tzinfo=dt.UTC)


def test_writes_are_stamped_at_commit_and_times_never_go_back(writer, tmp_path):
    client, auth = writer
    before = dt.datetime.now(dt.UTC)
    assert client.post("/v1/observations", json=NEW_CLAIM, headers=auth).status_code == 201
    written = dt.datetime.fromisoformat(times(client)[2])
    assert written >= before  # the API write's own time, not a changeset's
    late = with_changeset(
        tmp_path, "0003-late", {"message": "m", "created_at": "2024-07-01T00:00:00Z"}
    )
    assert load_pending(database_of(client.application), late) == [4]
    assert times(client)[3] == times(client)[2]  # made before revision 3, loaded after it


def test_a_tag_made_through_the_api_has_its_revision_time(writer):
    client, auth = writer
    response = client.post("/v1/tags", json={"name": "checked", "revision": 2}, headers=auth)
    assert response.status_code == 201
    tags = {t["name"]: t for t in client.get("/v1/tags").get_json()["data"]}
    assert tags["checked"]["created_at"] == times(client)[2]


def test_a_time_during_a_long_import_is_never_immutable_and_keeps_its_answer(writer):
    """The race of issue #10: an `as_of` just after a write started was cached immutable."""
    client, _ = writer
    with database_of(client.application).write() as session:
        importer = RevisionWriter(session, "importer", "a long import")
        importer.add_source(id="gamma", name="Gamma Watch (synthetic)", kind="press")
        inside = dt.datetime.now(dt.UTC)  # after the write started, before it commits
        during = client.get(f"{OBS}?as_of={at(inside)}")
    after = client.get(f"{OBS}?as_of={at(inside)}")
    assert (during.status_code, during.headers["X-Dataset-Revision"]) == (200, "2")
    assert during.headers["Cache-Control"] == LATEST
    assert after.headers["X-Dataset-Revision"] == "2"  # revision 3 is stamped at its commit
    assert after.get_data() == during.get_data()
    assert after.headers["Cache-Control"] == PINNED  # revision 3 exists: settled now
    assert dt.datetime.fromisoformat(times(client)[2]) > inside


def test_a_time_is_immutable_only_once_a_later_revision_exists(client):
    def cache_control(as_of: str) -> str:
        return str(client.get(f"{OBS}?as_of={at(as_of)}").headers["Cache-Control"])

    assert cache_control("2024-05-02T09:00:00+00:00") == PINNED  # revision 1; 2 came later
    assert cache_control("2024-05-31") == PINNED
    assert cache_control("2024-06-03T10:30:00+00:00") == LATEST  # the newest revision's time
    assert cache_control("2025-01-01") == LATEST  # a changeset made before may still land
    assert cache_control("2999-01-01") == LATEST  # the future
    assert cache_control("1") == PINNED
    assert cache_control("fixture.1") == PINNED


def test_citations_package_charts_embeds_and_feeds_give_the_revisions_own_time(client):
    def cite(style: str, as_of: str = "") -> str:
        pinned = f"&as_of={as_of}" if as_of else ""  # an empty as_of= is a 400
        return str(client.get(f"/v1/citation?style={style}{pinned}").get_data(as_text=True))

    assert "Prisoner Counts contributors. (2024)." in cite("apa", "1")
    assert "year         = {2024},\n  month        = {may}," in cite("bibtex", "1")
    assert "DA  - 2024/05/02\r\n" in cite("ris", "1")
    assert "DA  - 2024/06/03\r\n" in cite("ris")
    assert json.loads(cite("csl-json", "1"))[0]["issued"] == {"date-parts": [[2024, 5, 2]]}
    package = client.get("/v1/export/datapackage.zip?as_of=1").get_data()
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        stamps = {info.date_time for info in archive.infolist()}
    assert descriptor["created"] == "2024-05-02T09:00:00+00:00"
    assert stamps == {(2024, 5, 2, 9, 0, 0)}
    line = "as of revision 1 (tag fixture.1), 2024-05-02"
    spec = client.get(f"{SERIES_PATH}/chart.vl.json?as_of=1").get_json()
    assert any(line in subtitle for subtitle in spec["title"]["subtitle"])
    assert line in " ".join(
        client.get(f"/embed/{SERIES_PATH[4:]}?as_of=1").get_data(as_text=True).split()
    )
    assert (
        client.get(f"{OBS}?claims=all").headers["Last-Modified"] == "Mon, 03 Jun 2024 10:30:00 GMT"
    )
    assert client.get(f"{OBS}?as_of=1").headers["Last-Modified"] == "Thu, 02 May 2024 09:00:00 GMT"
    feed = client.get("/v1/changes.atom").get_data(as_text=True)
    assert "<updated>2024-06-03T10:30:00+00:00</updated>" in feed
    assert "<updated>2024-05-02T09:00:00+00:00</updated>" in feed


def test_an_embed_pinned_by_a_time_is_not_cached_for_a_year(client):
    embed = "http://localhost/embed/series/XX.political_prisoners.alpha?as_of="
    by_time = client.get("/oembed", query_string={"url": embed + "2024-05-31"}).get_json()
    by_tag = client.get("/oembed", query_string={"url": embed + "fixture.1"}).get_json()
    assert (by_time["cache_age"], by_tag["cache_age"]) == (3600, 31_536_000)


def test_a_time_whose_plus_came_as_a_space_gets_a_hint(client):
    """`as_of=2024-05-02T10:00:00+01:00` unencoded: the `+` arrives as a space."""
    response = client.get("/v1/series?as_of=2024-05-02T10:00:00+01:00")
    assert response.status_code == 404
    assert response.get_json()["detail"] == (
        "as_of '2024-05-02T10:00:00 01:00' is neither a revision id, a tag nor an ISO 8601 "
        "time (a '+' in a query string means a space: write 2024-05-02T10:00:00%2B01:00)"
    )
    assert client.get("/v1/series?as_of=2024-05-02T10:00:00%2B01:00").status_code == 200
    assert "%2B" not in client.get("/v1/series?as_of=soon").get_json()["detail"]
