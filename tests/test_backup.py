"""Backup and restore: every endpoint answers byte for byte the same at every revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets.loader import load_pending
from tests.conftest import NEW_CLAIM, create_token, database_of, make_app


def snapshot(client, revision: int) -> dict[str, bytes]:
    """Every read of the data set at one revision."""
    pinned = f"as_of={revision}"
    paths = [
        "/v1/sources",
        "/v1/series",
        "/v1/releases?format=csv",
        "/v1/tags",
        "/v1/documents?limit=10000",
        "/v1/revisions",
        f"/v1/revisions/{revision}",
        "/v1/changes?since=0&limit=10000",
    ]
    for series in client.get(f"/v1/series?{pinned}").get_json()["data"]:
        paths.append(f"/v1/series/{series['id']}/observations?claims=all&format=csv")
        paths.append(f"/v1/series/{series['id']}")
    for observation in (1, 2, 3, 186, 187):
        paths += [f"/v1/observations/{observation}", f"/v1/observations/{observation}/history"]
    answers = {}
    for path in paths:
        response = client.get(f"{path}{'&' if '?' in path else '?'}{pinned}")
        answers[path] = (response.status_code, response.get_data())
    return answers


@pytest.mark.slow
def test_round_trip_of_the_real_data_set_with_a_history(databases, tmp_path: Path):
    original = make_app(databases.migrated())
    load_pending(database_of(original))
    token = create_token(original, "curator")
    client, auth = original.test_client(), {"Authorization": f"Bearer {token}"}
    claim = {**NEW_CLAIM, "series_id": "BY.political_prisoners.viasna", "date": "2026-01-31"}
    client.post("/v1/observations", json=claim, headers=auth)
    client.patch("/v1/observations/1", json={"note": "checked again"}, headers=auth)
    client.delete("/v1/observations/2?reason=duplicate", headers=auth)
    client.post("/v1/tags", json={"name": "after-fixes"}, headers=auth)
    path = tmp_path / "backup.jsonl.gz"
    result = original.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output

    restored = make_app(databases.new_url())
    result = restored.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    again = restored.test_client()
    for revision in range(1, 5):
        assert snapshot(again, revision) == snapshot(client, revision)
    # the token hash came along: the same token writes to the restored copy
    assert (
        again.post("/v1/observations", json={**claim, "value": 7}, headers=auth).status_code == 201
    )
    for app in (original, restored):
        database_of(app).dispose()


def test_restore_refuses_a_database_that_has_data(writer, tmp_path: Path):
    client, _ = writer
    path = tmp_path / "b.jsonl.gz"
    app = client.application
    assert app.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1 and "needs an empty database" in result.output


def test_restore_refuses_a_file_that_is_not_a_backup(empty_app, tmp_path: Path):
    path = tmp_path / "not.gz"
    path.write_bytes(b"plain text")
    result = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1 and "cannot read the backup" in result.output


def _rewrite(path: Path, change, header=lambda h: h) -> None:
    """Apply `change(table_name, columns, rows) -> (columns, rows)` to every section."""
    import gzip
    import json

    lines = [json.loads(line) for line in gzip.open(path, "rt")]
    out, section, rows = [header(lines[0])], None, []

    def flush():
        if section is not None:
            columns, kept = change(section["table"], section["columns"], rows)
            out.append({**section, "columns": columns})
            out.extend(kept)

    for entry in lines[1:]:
        if isinstance(entry, dict):
            flush()
            section, rows = entry, []
        else:
            rows.append(entry)
    flush()
    with gzip.open(path, "wt") as f:
        f.writelines(json.dumps(line) + "\n" for line in out)


def test_a_backup_from_before_names_restores(writer, databases, tmp_path: Path):
    client, _ = writer
    path = tmp_path / "old.jsonl.gz"
    assert client.application.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0

    def drop_names(table, columns, rows):
        if table not in ("sources", "series"):
            return columns, rows
        gone = columns.index("names" if table == "sources" else "titles")
        return [c for i, c in enumerate(columns) if i != gone], [
            [v for i, v in enumerate(row) if i != gone] for row in rows
        ]

    _rewrite(path, drop_names, header=lambda h: {**h, "schema": "0003"})  # as 0003 wrote it
    restored = make_app(databases.new_url())
    result = restored.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    assert restored.test_client().get("/v1/sources").get_json()["data"]


def test_a_backup_with_a_column_this_schema_lacks_is_refused(writer, databases, tmp_path: Path):
    client, _ = writer
    path = tmp_path / "odd.jsonl.gz"
    assert client.application.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0

    def add_column(table, columns, rows):
        if table != "sources":
            return columns, rows
        return [*columns, "shoe_size"], [[*row, 42] for row in rows]

    _rewrite(path, add_column)
    restored = make_app(databases.new_url())
    result = restored.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1 and "does not fit this schema" in result.output


def test_a_backup_from_a_newer_schema_is_refused(writer, databases, tmp_path: Path):
    client, _ = writer
    path = tmp_path / "new.jsonl.gz"
    assert client.application.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    _rewrite(path, lambda t, c, r: (c, r), header=lambda h: {**h, "schema": "0099"})
    restored = make_app(databases.new_url())
    result = restored.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1 and "newer than this database" in result.output
