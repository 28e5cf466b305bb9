"""document_corrections.csv: stored documents corrected as new versions, all or nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from datasets.loader import ChangesetError, load_pending
from tests.conftest import FIXTURES, database_of

HEADER = (
    "url,new_url,title,publisher,published_at,archive_url,retrieved_at,republished_by,mirror,reason"
)
WEEKLY = "https://news.test/b"  # document 3: a mirror in the fixture
DAILY = "https://news.test/a"  # document 2: read at copy.test
GOOD = [
    f"{WEEKLY},https://weekly.test/b,Weekly b,Weekly Test Agency,2024-03-01,,,news.test,(empty),"
    "the copy names the original",
    f"{DAILY},,Daily a,,,,(empty),,,the title is on the page",
]


def changeset(tmp_path: Path, lines: list[str], header: str = HEADER, documents: str = "") -> Path:
    """The fixture changesets and a third one correcting documents."""
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    folder = root / "0003-docs"
    folder.mkdir()
    (folder / "changeset.json").write_text(
        '{"message": "Documents re-read", "author": "tests", "created_at": "2024-07-01T00:00:00Z"}',
        encoding="utf-8",
    )
    (folder / "document_corrections.csv").write_text("\n".join([header, *lines]) + "\n", "utf-8")
    if documents:
        (folder / "documents.csv").write_text(
            "url,title,publisher,published_at,language,archive_url\n" + documents, "utf-8"
        )
    return root


def document(client, document_id: int, as_of: str = "") -> dict:
    pinned = f"?as_of={as_of}" if as_of else ""  # an empty as_of= is a 400
    return client.get(f"/v1/documents/{document_id}{pinned}").get_json()["data"]


def test_corrections_make_new_versions_and_leave_earlier_revisions_as_they_were(
    empty_app, tmp_path
):
    assert load_pending(database_of(empty_app), changeset(tmp_path, GOOD)) == [1, 2, 3]
    client = empty_app.test_client()
    weekly = document(client, 3)
    assert {k: weekly[k] for k in ("url", "title", "publisher", "published_at")} == {
        "url": "https://weekly.test/b",
        "title": "Weekly b",
        "publisher": "Weekly Test Agency",
        "published_at": "2024-03-01",
    }
    assert (weekly["archive_url"], weekly["retrieved_at"]) == (
        "https://archive.test/news.test/b",
        "2024-03-04",
    )
    assert (weekly["republished_by"], weekly["mirror"]) == ("news.test", None)
    assert weekly["observation_ids"] == [4, 7]
    daily = document(client, 2)
    assert (daily["title"], daily["publisher"], daily["archive_url"]) == (
        "Daily a",
        "Daily Test",
        "https://copy.test/daily/a",
    )
    assert daily["retrieved_at"] is None  # (empty) cleared it
    before = document(client, 3, as_of="2")
    assert (before["url"], before["title"], before["mirror"]) == (WEEKLY, None, True)
    claim = client.get("/v1/observations/4").get_json()["data"]
    assert (claim["document_url"], claim["publisher"], claim["mirror"]) == (
        "https://weekly.test/b",
        "Weekly Test Agency",
        None,
    )
    changes = client.get("/v1/revisions/3").get_json()["data"]["changes"]["documents"]
    assert changes == {"added": [], "corrected": [2, 3], "removed": []}


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["https://nowhere.test/x,,T,,,,,,,r"], "line 2: url 'https://nowhere.test/x' is not the"),
        ([f"{DAILY},,Daily a,,,,,,,"], "line 2: reason is empty: every correction says why"),
        ([",,Daily a,,,,,,,r"], "line 2: url is empty"),
        ([f"{DAILY},,,,2024-13-01,,,,,r"], "line 2: published_at: Not a valid date."),
        ([f"{DAILY},,,,,,2999-01-01,,,r"], "line 2: retrieved_at: "),
        ([f"{DAILY},,,,,,,,maybe,r"], "line 2: mirror: Not a valid boolean."),
        ([f"{DAILY},,,,,ftp://copy.test/a,,,,r"], "line 2: archive_url: Not a valid URL."),
        ([f"{DAILY},(empty),,,,,,,,r"], "line 2: new_url cannot be cleared"),
        ([f"{DAILY},,,Daily Test,,,,,,r"], "line 2: the correction changes nothing in document 2"),
        ([f"{DAILY},,,,,,,,,r"], "line 2: the correction changes nothing: give at least one"),
        ([f"{DAILY},{WEEKLY},,,,,,,,r"], "line 2: new_url 'https://news.test/b' is already the"),
        ([GOOD[1], f"{DAILY},,Again,,,,,,,r"], "line 3: document 2 is corrected twice"),
        ([GOOD[0], "https://weekly.test/b,,Again,,,,,,,r"], "line 3: document 3 is corrected"),
        (
            [*GOOD, "https://new.test/c,,T,,,,,,,r"],
            "line 4: document 'https://new.test/c' is added",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_changeset_naming_file_and_line(
    empty_app, tmp_path, lines, problem
):
    database = database_of(empty_app)
    root = changeset(tmp_path, lines, documents="https://new.test/c,,New,,en,\n")
    where = "0003-docs/document_corrections.csv "
    with pytest.raises(ChangesetError, match=re.escape(where + problem)):
        load_pending(database, root)
    client = empty_app.test_client()
    assert client.get("/v1/revisions").get_json()["revision"] == 2  # nothing was written
    assert document(client, 3)["url"] == WEEKLY


def test_an_unknown_column_is_named(empty_app, tmp_path):
    root = changeset(tmp_path, [f"{DAILY},Daily a,r"], header="url,titel,reason")
    with pytest.raises(ChangesetError, match="line 2: unknown column\\(s\\) titel; the columns"):
        load_pending(database_of(empty_app), root)


def test_claims_of_the_same_changeset_cite_the_corrected_address(empty_app, tmp_path):
    root = changeset(tmp_path, GOOD[:1])
    (root / "0003-docs" / "observations.csv").write_text(
        "series_id,date,value,qualifier,status,primary,reported_by,document_url,quote\n"
        "XX.political_prisoners.alpha,2024-04-15,131,exact,reported,false,Weekly Test,"
        "https://weekly.test/b,131 political prisoners in mid-April.\n",
        "utf-8",
    )
    assert load_pending(database_of(empty_app), root) == [1, 2, 3]
    assert document(empty_app.test_client(), 3)["observation_ids"] == [4, 7, 9]
