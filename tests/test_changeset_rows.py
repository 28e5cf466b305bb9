"""Changeset rows obey the write API's rules, and `names.csv` gives names in other languages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from api.schemas.writes import CsvClaimSchema
from api.storage.models import Source
from datasets import rows
from datasets.checks import findings, holds_misprinted, read_shipped
from datasets.loader import CHANGESETS, ChangesetError, changesets, load_pending
from tests.conftest import FIXTURES, database_of

CLAIM = {
    "series_id": "XX.political_prisoners.alpha",
    "date": "2024-01-31",
    "period_start": "",
    "value": "100",
    "qualifier": "exact",
    "status": "reported",
    "primary": "true",
    "reported_by": "Alpha Watch",
    "document_url": "https://alpha.test/january",
    "quote": "There were 100 political prisoners at the end of January.",
    "note": "",
    "release_id": "",
    "research_row": "counts.csv:1",
    "counted": "",
}


def test_a_good_row_gives_the_writer_its_fields():
    fields = rows.observation_fields(CLAIM)
    assert fields["date"] == dt.date(2024, 1, 31) and fields["date_precision"] == "day"
    assert (fields["value"], fields["is_primary"], fields["period_start"]) == (100, True, None)
    assert "document_url" not in fields and "research_row" not in fields


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("value", "1,130", "not a whole number"),
        ("value", str(2**53), "value"),  # beyond what every JSON reader holds exactly
        ("quote", "a NUL \x00 inside", "control characters"),
        ("quote", "x" * 20_001, "quote"),
        ("date", "2999-01-01", "in the future"),
        ("date", "2024-02-30", "date"),
        ("document_url", "alpha.test/january", "document_url"),
        ("qualifier", "roughly", "qualifier"),
        ("primary", "yes", "primary"),
        ("unknown_column", "x", "unknown_column"),
    ],
)
def test_a_row_is_refused_for_what_the_api_refuses(column, value, message):
    with pytest.raises(rows.RowError, match=message):
        rows.observation_fields({**CLAIM, column: value})


def test_every_shipped_claim_could_be_imported_through_the_api():
    drop = rows.CHANGESET_ONLY
    for changeset in changesets(CHANGESETS):
        for _, row in changeset.table("observations"):
            cells = {k: v for k, v in row.items() if k not in drop and v}
            CsvClaimSchema().load(cells)  # raises on the first row the API would refuse


def test_sources_series_releases_and_documents_are_checked_too():
    with pytest.raises(rows.RowError, match="kind"):
        rows.source_fields({"id": "x", "name": "X", "kind": "newspaper"})
    with pytest.raises(rows.RowError, match="id"):
        rows.source_fields({"id": "Not An Id", "name": "X", "kind": "press"})
    with pytest.raises(rows.RowError, match="should be"):
        rows.series_fields(
            {"id": "XX.a.b", "country": "XX", "measure": "c", "source_id": "b", "kind": "stock"}
            | {"title": "t"}
        )
    with pytest.raises(rows.RowError, match="country"):
        rows.release_fields(
            {"release_id": "XX-1", "date": "2024", "country": "xx", "category": "a"}
            | {"mechanism": "pardon"}
        )
    with pytest.raises(rows.RowError, match="published_at"):
        rows.document_fields({"url": "https://a.test/", "published_at": "2999-01-01"})


def names_changeset(tmp_path: Path, names: str) -> Path:
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    extra = root / "0003-names"
    extra.mkdir()
    (extra / "changeset.json").write_text(
        '{"message": "names", "created_at": "2024-07-01T00:00:00Z"}', encoding="utf-8"
    )
    (extra / "names.csv").write_text("kind,id,language,name,reference\n" + names, "utf-8")
    return root


def test_names_of_stored_sources_make_new_versions(empty_app, tmp_path):
    root = names_changeset(tmp_path, "source,alpha,be,Альфа,https://alpha.test/be\n")
    assert load_pending(database_of(empty_app), root) == [1, 2, 3]
    client = empty_app.test_client()
    assert client.get("/v1/sources/alpha").get_json()["data"]["names"]["be"] == "Альфа"
    assert client.get("/v1/sources/alpha?as_of=2").get_json()["data"]["names"] == {
        "en": "Alpha Watch (synthetic)"
    }
    assert findings(read_shipped(root)) == []


def test_names_of_new_sources_go_into_their_first_version(empty_app, tmp_path):
    root = names_changeset(tmp_path, "source,gamma,ru,Гамма,\n")
    (root / "0003-names" / "sources.csv").write_text(
        "id,name,kind,homepage,description\ngamma,Gamma,press,,\n", encoding="utf-8"
    )
    load_pending(database_of(empty_app), root)
    with database_of(empty_app).read() as session:
        versions = session.scalars(select(Source).where(Source.id == "gamma")).all()
    assert [(v.names, v.added_in, v.removed_in) for v in versions] == [({"ru": "Гамма"}, 3, None)]


@pytest.mark.parametrize(
    ("names", "error"),
    [
        ("source,nobody,be,Ніхто,\n", "'nobody' does not exist"),
        ("source,alpha,en,Alpha,\n", "language 'en'"),
        ("source,alpha,Belarusian,Альфа,\n", "language 'Belarusian'"),
        ("document,1,be,Дакумент,\n", "kind 'document'"),
        ("source,alpha,be,Альфа,\nsource,alpha,be,Альфа 2,\n", "a second be name"),
    ],
)
def test_bad_names_refuse_the_changeset(empty_app, tmp_path, names, error):
    root = names_changeset(tmp_path, names)
    with pytest.raises(ChangesetError, match=error):
        load_pending(database_of(empty_app), root)


def test_the_checks_find_names_of_unknown_entities(tmp_path):
    root = names_changeset(tmp_path, "series,XX.none.alpha,be,Нічога,ftp://x.test\n")
    found = findings(read_shipped(root))
    assert any("unknown series XX.none.alpha" in line for line in found), found
    assert any("is not an http(s) address" in line for line in found), found


@pytest.mark.parametrize(
    ("quote", "value", "holds"),
    [
        ("there are 2,1474 political prisoners arrested", 21474, True),
        ("there are 2,1474 political prisoners arrested", 2147, False),
        ("21,474 and 17,570", 17570, True),
    ],
)
def test_a_misprint_keeps_the_digits_in_order(quote, value, holds):
    assert holds_misprinted(quote, value) is holds
