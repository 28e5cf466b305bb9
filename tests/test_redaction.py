"""Redaction: text removed from every version, logged without the text; numbers stay."""

from __future__ import annotations

import glob

from tests.conftest import NEW_CLAIM, database_of


def redact(app, *args: str):
    return app.test_cli_runner().invoke(args=["redact", *args, "--author", "legal"])


def test_redaction_removes_text_from_every_version_and_is_logged(writer):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": "Ivan Petrou told us: 140 political prisoners."}
    [obs] = client.post("/v1/observations", json=claim, headers=auth).get_json()["observation_ids"]
    client.patch(
        f"/v1/observations/{obs}", json={"value": 141, "note": "Ivan Petrou again"}, headers=auth
    )
    result = redact(
        client.application,
        "observation",
        str(obs),
        "--text",
        "Ivan Petrou",
        "--reason",
        "safety of a named person",
    )
    assert result.exit_code == 0, result.output
    assert "in 2 version(s)" in result.output
    for as_of in (3, 4):
        data = client.get(f"/v1/observations/{obs}?as_of={as_of}").get_json()["data"]
        assert "Ivan Petrou" not in str(data) and "[redacted] told us" in data["quote"]
    history = client.get(f"/v1/observations/{obs}/history").get_json()["data"]
    assert [v["value"] for v in history] == [140, 141]  # numbers and history stay
    log = client.get("/v1/redactions").get_json()["data"]
    assert log[0]["fields"] == ["note", "quote"] and log[0]["author"] == "legal"
    assert "Ivan Petrou" not in client.get("/v1/redactions").get_data(as_text=True)
    csv_text = client.get(
        "/v1/series/XX.political_prisoners.alpha/observations?format=csv&claims=all"
    )
    assert "Ivan Petrou" not in csv_text.get_data(as_text=True)


def test_redaction_needs_text_that_occurs_and_a_reason(writer):
    client, _ = writer
    app = client.application
    assert (
        "does not occur"
        in redact(app, "observation", "1", "--text", "Nobody Here", "--reason", "x").output
    )
    assert redact(app, "observation", "999", "--text", "abc", "--reason", "x").exit_code == 1
    assert client.get("/v1/redactions").get_json()["data"] == []


def test_a_drawn_chart_forgets_redacted_text_at_once(writer):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": "Ivan Petrou told us: 140 political prisoners."}
    answer = client.post("/v1/observations", json=claim, headers=auth).get_json()
    chart = f"/v1/series/{NEW_CLAIM['series_id']}/chart.vl.json"
    assert "Ivan Petrou" in client.get(chart).get_data(as_text=True)  # drawn and kept
    [obs] = answer["observation_ids"]
    done = redact(client.application, "observation", str(obs), "--text", "Ivan", "--reason", "x")
    assert done.exit_code == 0, done.output
    assert "Ivan Petrou" not in client.get(chart).get_data(as_text=True)
    assert "[redacted] Petrou" in client.get(chart).get_data(as_text=True)


NAME = "Ivan Petrou"
ALPHA = "XX.political_prisoners.alpha"


def _everything_served(client, obs: int, tmp_path) -> str:
    """Every answer that shows texts of revisions and claims, and a fresh backup."""
    import gzip
    import io
    import zipfile

    urls = [
        "/v1/revisions?limit=1000",
        "/v1/changes?since=0",
        "/v1/changes.atom",
        f"/v1/observations/{obs}",
        f"/v1/observations/{obs}/history",
        f"/v1/series/{ALPHA}/vintages.csv",
        f"/v1/series/{ALPHA}/observations.csv?claims=all",
        "/v1/redactions",
        "/v1/tags",
    ]
    texts = [client.get(url).get_data(as_text=True) for url in urls]
    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").data))
    texts += [package.read(name).decode() for name in package.namelist()]
    backup = tmp_path / "after.jsonl.gz"
    assert client.application.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    texts.append(gzip.decompress(backup.read_bytes()).decode())
    return "\n".join(texts)


def test_redaction_reaches_every_text_of_every_table_and_leaves_no_copy(writer, tmp_path):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": f"{NAME} told us: 140 political prisoners.", "message": NAME}
    [obs] = client.post("/v1/observations", json=claim, headers=auth).get_json()["observation_ids"]
    fix = {"value": 141, "note": f"asked by {NAME}", "message": f"corrected for {NAME}"}
    assert client.patch(f"/v1/observations/{obs}", json=fix, headers=auth).status_code == 201
    other = {**NEW_CLAIM, "date": "2024-04-29", "quote": f"139, said {NAME}."}
    [second] = client.post("/v1/observations", json=other, headers=auth).get_json()[
        "observation_ids"
    ]
    gone = client.delete(
        f"/v1/observations/{second}", json={"reason": f"{NAME} withdrew it"}, headers=auth
    )
    assert gone.status_code == 201
    assert (
        client.post("/v1/tags", json={"name": "t9", "message": NAME}, headers=auth).status_code
        == 201
    )
    assert NAME in _everything_served(client, obs, tmp_path)

    result = redact(
        client.application, "observation", str(obs), "--text", NAME, "--reason", f"{NAME} asked"
    )
    assert result.exit_code == 0, result.output
    assert "and everywhere else it was stored: " in result.output
    assert "revisions.message" in result.output
    # the second claim's quote held the name too: the log says so, not only "quote"
    assert "observations.quote" in result.output and "observations.note" not in result.output
    served = _everything_served(client, obs, tmp_path)
    assert NAME not in served and "[redacted]" in served
    [entry] = client.get("/v1/redactions").get_json()["data"]
    assert entry["fields"][:2] == ["note", "quote"] and "revisions.message" in entry["fields"]
    assert entry["reason"] == "[redacted] asked"

    url = client.application.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):  # the database, -wal and -shm files hold no copy
        database_of(client.application).dispose()
        path = url.removeprefix("sqlite:///")
        files = glob.glob(path + "*")
        assert path in files
        for name in files:
            with open(name, "rb") as handle:
                content = handle.read()
            assert NAME.encode() not in content, name
            assert NAME.encode("utf-16-le") not in content, name


def test_every_text_column_is_redacted_or_a_key():
    from api.services.writes.redaction import KEPT, redacted_columns, text_columns

    every = {(t, c.name) for t, columns in text_columns().items() for c in columns}
    rewritten = {(t, c.name) for t, columns in redacted_columns().items() for c in columns}
    kept = {(t, c) for t, names in KEPT.items() for c in names}
    assert kept <= every  # no stale name in KEPT
    assert rewritten == every - kept
    for needed in ("message", "author"):
        assert ("revisions", needed) in rewritten
    assert {("redactions", "reason"), ("redactions", "author"), ("tags", "message")} <= rewritten
    assert ("observations", "curator_reason") in rewritten and ("sources", "names") in rewritten
