"""`prisoner-counts import`: the export's own columns, all rows checked first, one revision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datasets.loader import load_pending
from tests.conftest import FIXTURES, DatabaseFactory, database_of, make_app

OBS = "/v1/series/XX.political_prisoners.alpha/observations"
KEEP = ("observation_id", "revision", "document_id", "preferred", "conflict", "conflict_with")


@pytest.fixture()
def catalog_only(databases: DatabaseFactory, tmp_path: Path):
    """An app whose database has the fixture's sources and series but no claims."""
    root = tmp_path / "changesets" / "0001-catalog"
    root.mkdir(parents=True)
    for name in ("changeset.json", "sources.csv", "series.csv"):
        shutil.copy(FIXTURES / "0001-base" / name, root / name)
    app = make_app(databases.migrated())
    load_pending(database_of(app), root.parent)
    yield app
    database_of(app).dispose()


def without_ids(csv_text: str) -> list[list[str]]:
    """CSV rows without the columns that differ between databases (ids, revisions)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_text)))
    keep = [i for i, name in enumerate(rows[0]) if name not in KEEP]
    return [[row[i] for i in keep] for row in rows]


def run_import(app, path: Path, *extra: str):
    return app.test_cli_runner().invoke(args=["import", str(path), "-m", "import", *extra])


def test_export_then_import_gives_the_same_claims(client, catalog_only, tmp_path):
    exported = client.get(f"{OBS}?claims=all&format=csv").get_data(as_text=True)
    path = tmp_path / "claims.csv"
    path.write_text(exported, encoding="utf-8")
    result = run_import(catalog_only, path)
    assert result.exit_code == 0, result.output
    assert "imported 6 claim(s) as revision 2" in result.output
    again = catalog_only.test_client().get(f"{OBS}?claims=all&format=csv").get_data(as_text=True)
    assert without_ids(again) == without_ids(exported)
    assert "'=at least 125" in again  # neutralised on the way out, restored on the way in


def test_releases_export_then_import(client, catalog_only, tmp_path):
    exported = client.get("/v1/releases?format=csv").get_data(as_text=True)
    path = tmp_path / "releases.csv"
    path.write_text(exported, encoding="utf-8")
    result = run_import(catalog_only, path)
    assert result.exit_code == 0, result.output
    again = catalog_only.test_client().get("/v1/releases?format=csv").get_data(as_text=True)
    assert without_ids(again) == without_ids(exported)


def test_a_byte_order_mark_is_accepted(client, catalog_only, tmp_path):
    exported = client.get(f"{OBS}?format=csv").get_data(as_text=True)
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + exported.encode())
    assert run_import(catalog_only, path).exit_code == 0


def revisions(app) -> int:
    return len(app.test_client().get("/v1/revisions").get_json()["data"])


def test_every_bad_row_is_reported_and_nothing_is_written(client, catalog_only, tmp_path):
    lines = client.get(f"{OBS}?format=csv").get_data(as_text=True).splitlines()
    lines[2] = lines[2].replace(",100,exact,", ",-3,exact,")
    lines[3] = lines[3].replace(",exact,", ",roughly,")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(catalog_only, path)
    assert result.exit_code == 1
    assert "line 3, column value" in result.output
    assert "line 4, column qualifier" in result.output
    assert "nothing was written" in result.output
    assert revisions(catalog_only) == 1


def test_a_missing_column_is_named(catalog_only, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("series_id,date,value\nXX.political_prisoners.alpha,2024-01-31,1\n")
    result = run_import(catalog_only, path)
    assert result.exit_code == 1 and "missing column(s): quote, document_url" in result.output
    assert revisions(catalog_only) == 1


def test_a_file_that_is_not_utf8_is_refused(catalog_only, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("series_id,quote\nX,Łukašenka\n".encode("utf-16"))
    result = run_import(catalog_only, path)
    assert result.exit_code == 1 and "is not UTF-8" in result.output
    assert revisions(catalog_only) == 1


def test_an_unknown_series_fails_the_whole_file(client, catalog_only, tmp_path):
    lines = client.get(f"{OBS}?format=csv").get_data(as_text=True).splitlines()
    lines[-1] = lines[-1].replace("alpha", "nobody", 1)
    path = tmp_path / "orphan.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(catalog_only, path)
    assert result.exit_code == 1 and "unknown series" in result.output
    assert f"line {len(lines)}: unknown series" in result.output  # the file's line, not its index
    assert revisions(catalog_only) == 1


def test_dry_run_checks_everything_and_writes_nothing(client, catalog_only, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(client.get(f"{OBS}?format=csv").get_data(as_text=True), encoding="utf-8")
    result = run_import(catalog_only, path, "--dry-run")
    assert result.exit_code == 0 and "would be revision 2" in result.output
    assert "checked 4/4" in result.output and "written 4/4" not in result.output
    assert revisions(catalog_only) == 1


def test_a_semicolon_file_gets_a_hint_and_blank_rows_are_skipped(client, catalog_only, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("series_id;date;value\nX;2024;1\n", encoding="utf-8")
    result = run_import(catalog_only, path)
    assert result.exit_code == 1 and "separates its columns with ';'" in result.output
    exported = client.get(f"{OBS}?format=csv").get_data(as_text=True)
    padded = tmp_path / "padded.csv"
    padded.write_text(exported + ",,,,,,,,\r\n,,,,\r\n", encoding="utf-8")
    assert run_import(catalog_only, padded).exit_code == 0


def test_a_number_with_separators_gets_a_hint(client, catalog_only, tmp_path):
    lines = client.get(f"{OBS}?format=csv").get_data(as_text=True).splitlines()
    lines[1] = lines[1].replace(",90,", ',"1,130",')
    path = tmp_path / "separators.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(catalog_only, path)
    assert "write it without separators" in result.output


def test_importing_the_same_claims_again_is_refused(client, catalog_only, tmp_path):
    path = tmp_path / "once.csv"
    path.write_text(client.get(f"{OBS}?format=csv").get_data(as_text=True), encoding="utf-8")
    assert run_import(catalog_only, path).exit_code == 0
    again = run_import(catalog_only, path)
    assert again.exit_code == 1 and "identical claim exists" in again.output
    assert revisions(catalog_only) == 2


def test_a_row_shorter_than_the_header_is_reported(catalog_only, tmp_path):
    path = tmp_path / "short-row.csv"
    path.write_text(
        "series_id,date,value,quote,document_url,note\nXX.political_prisoners.alpha,2024\n"
    )
    result = run_import(catalog_only, path)
    assert result.exit_code == 1 and "line 2" in result.output
