"""Stable ids: renamed series and sources answer at their old ids with a 301."""

from __future__ import annotations

import pytest

from api.errors import DataConflict, InvalidArgument, NotFound
from api.storage.renames import rename_series, rename_source
from api.storage.writer import RevisionWriter
from tests.conftest import database_of

OLD = "XX.political_prisoners.alpha"
NEW = "XX.political_prisoners.alpha-watch"


def write(app, action) -> int:
    with database_of(app).write() as session:
        writer = RevisionWriter(session, "tester", "rename")
        action(writer)
        return writer.revision


@pytest.fixture()
def renamed(loaded_app):
    """The fixtures (revisions 1-2), then source `alpha` renamed `alpha-watch` (revision 3)."""
    moved: list[str] = []
    write(loaded_app, lambda w: moved.extend(rename_source(w, "alpha", "alpha-watch")))
    assert moved == [NEW, "XX.released.alpha-watch"]
    return loaded_app


def test_an_old_series_id_redirects_with_its_path_and_query(renamed):
    client = renamed.test_client()
    response = client.get(f"/v1/series/{OLD}/observations.csv?frequency=M")
    assert response.status_code == 301
    assert response.headers["Location"] == (
        f"http://localhost/v1/series/{NEW}/observations.csv?frequency=M"
    )
    assert response.headers["X-Dataset-Revision"] == "3"
    assert response.json["detail"] == f"series {OLD!r} is now {NEW!r}"
    followed = client.get(f"/v1/series/{OLD}/observations", follow_redirects=True)
    assert [r["value"] for r in followed.json["data"]] == [90, 100, 120, 130]
    assert {r["series_id"] for r in followed.json["data"]} == {NEW}


def test_an_old_source_id_redirects(renamed):
    response = renamed.test_client().get("/v1/sources/alpha")
    assert (response.status_code, response.headers["Location"]) == (
        301,
        "http://localhost/v1/sources/alpha-watch",
    )


def test_before_the_rename_the_old_id_still_answers(renamed):
    client = renamed.test_client()
    assert client.get(f"/v1/series/{OLD}?as_of=2").status_code == 200
    assert client.get(f"/v1/series/{NEW}?as_of=2").status_code == 404


def test_an_old_id_in_a_compare_redirects(renamed):
    response = renamed.test_client().get(f"/v1/compare?series=XX.released.beta,{OLD}&frequency=M")
    assert response.status_code == 301
    assert response.headers["Location"] == (
        f"http://localhost/v1/compare?series=XX.released.beta,{NEW}&frequency=M"
    )


def test_claims_move_as_new_versions_and_keep_their_history(renamed):
    body = renamed.test_client().get("/v1/observations/8").json["data"]
    assert body["series_id"] == NEW
    assert [(v["version"], v["added_in"], v["removed_in"]) for v in body["versions"]] == [
        (1, 2, 3),
        (2, 3, None),
    ]


def test_renames_follow_a_chain(renamed):
    write(renamed, lambda w: rename_series(w, NEW, "XX.political_prisoners_v2.alpha-watch"))
    response = renamed.test_client().get(f"/v1/series/{OLD}")
    assert response.headers["Location"].endswith("/v1/series/XX.political_prisoners_v2.alpha-watch")


def test_an_unknown_id_is_still_404(renamed):
    response = renamed.test_client().get("/v1/series/XX.nothing.here")
    assert (response.status_code, response.mimetype) == (404, "application/problem+json")


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("XX.released.beta", "XX.released.alpha-watch", DataConflict),
        ("XX.nothing.here", "XX.nothing.there", NotFound),
        ("XX.released.beta", "not-a-series-key", InvalidArgument),
        ("XX.released.beta", "XX.released.no-such-source", InvalidArgument),
    ],
)
def test_a_rename_that_cannot_be_done(renamed, old, new, error):
    with pytest.raises(error):
        write(renamed, lambda w: rename_series(w, old, new))
