"""Every CSV the service writes, every text column: no cell a spreadsheet would run.

Formula payloads go into every text a write can set (names, titles, quotes, notes, batch
fields, revision and tag messages, retraction reasons); then every CSV endpoint, and every
table of the data package, is read back cell by cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from api.render.cells import cell, restore_text
from tests.conftest import NEW_CLAIM

ALPHA = "XX.political_prisoners.alpha"
FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")
CSV_RULES = {
    "/v1/compare.csv",
    "/v1/releases.csv",
    "/v1/releases/summary.csv",
    "/v1/series/<series_id>/observations.csv",
    "/v1/series/<series_id>/vintages.csv",
}
EVIL = '=HYPERLINK("http://evil.invalid","x")'


def _write_payloads(client, auth) -> None:
    def ok(answer) -> None:
        assert answer.status_code == 201, answer.get_json()

    ok(client.post("/v1/sources", headers=auth, json={
        "id": "gamma", "name": "=SUM(1,2)", "kind": "human_rights_org", "description": "+desc",
        "names": {"be": "@імя"}, "message": EVIL,
    }))  # fmt: skip
    ok(client.post("/v1/series", headers=auth, json={
        "country": "XX", "measure": "political_prisoners", "source_id": "gamma",
        "kind": "stock", "title": "-title", "method_note": "@method", "message": "+series",
    }))  # fmt: skip
    claim = {
        **NEW_CLAIM,
        "series_id": "XX.political_prisoners.gamma",
        "reported_by": "=cmd|' /C calc'!A0",
        "publisher": "+publisher",
        "document_title": "@title",
        "quote": "=140 prisoners",
        "note": "-note",
        "part": "=part",
    }
    ok(client.post("/v1/observations", headers=auth, json={**claim, "message": "=cmd|calc"}))
    ok(client.post("/v1/observations", headers=auth, json={**claim, "series_id": ALPHA}))
    ok(client.patch("/v1/observations/3", headers=auth, json={"note": "\tx", "message": EVIL}))
    ok(client.post("/v1/releases", headers=auth, json={
        "release_id": "XX-2024-04-10", "date": "2024-04-10", "country": "XX",
        "category": "=cat", "mechanism": "+mech", "brokered_by": "@broker", "title": "-batch",
        "note": "\rnote", "message": "@release",
        "claims": [{**claim, "series_id": "XX.released.beta", "date": "2024-04-10"}],
    }))  # fmt: skip
    ok(client.post("/v1/tags", headers=auth, json={"name": "t1", "message": "=tag"}))


def _csv_answers(client) -> dict[str, str]:
    """Every CSV answer, by the URL asked."""
    series = [s["id"] for s in client.get("/v1/series").get_json()["data"]]
    urls = [f"/v1/series/{s}/{what}.csv" for s in series for what in ("observations", "vintages")]
    urls += [f"/v1/series/{ALPHA}/observations.csv?claims=all&view=first_release"]
    urls += [f"/v1/series/{ALPHA}/observations.csv?frequency=M&transform=diff"]
    urls += [f"/v1/series/{ALPHA}/observations?format=csv", "/v1/releases.csv"]
    urls += [f"/v1/releases/summary.csv?by={by}" for by in ("month", "year", "source", "mechanism")]
    urls += [f"/v1/compare.csv?series={','.join(series)}"]
    answers = {}
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200 and answer.mimetype == "text/csv", url
        answers[url] = answer.get_data(as_text=True)
    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").data))
    for name in package.namelist():
        if name.endswith(".csv"):
            answers[name] = package.read(name).decode()
    return answers


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_the_csv_endpoints_are_the_ones_this_test_reads(app):
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}
    assert rules == CSV_RULES  # a new CSV endpoint must be added to `_csv_answers`


def test_no_text_cell_of_any_csv_starts_a_formula(writer):
    client, auth = writer
    _write_payloads(client, auth)
    answers = _csv_answers(client)
    cells: dict[str, set[str]] = {}
    for url, text in answers.items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        cells[url] = {value for row in rows[1:] for value in row}
        for value in cells[url]:
            assert not value.startswith(FORMULA_FIRST) or _is_number(value), (url, value)
    cells_seen = set().union(*cells.values())
    written = {
        "'" + EVIL, "'=SUM(1,2)", "'+desc", "'-title", "'@method", "'=cmd|' /C calc'!A0",
        "'+publisher", "'@title", "'=140 prisoners", "'-note", "'=cmd|calc",
        "'\tx", "'=cat", "'+mech", "'@broker", "'-batch", "'\rnote", "'=tag",
    }  # fmt: skip
    assert written <= cells_seen, written - cells_seen
    for where in (f"/v1/series/{ALPHA}/vintages.csv", "data/revisions.csv"):
        assert "'" + EVIL in cells[where]  # the revision message, as written by the curator


def test_the_one_cell_function():
    day = dt.date(2025, 11, 22)
    moment = dt.datetime(2026, 11, 27, 9, 14, tzinfo=dt.UTC)
    values = [None, True, False, -3, 2.5, day, moment, {"be": "x"}, {}, "'=x", "plain", "-1"]
    assert [cell(v) for v in values] == [
        "", "true", "false", -3, 2.5, "2025-11-22", "2026-11-27T09:14:00+00:00",
        '{"be": "x"}', "", "''=x", "plain", "'-1",
    ]  # fmt: skip
    assert restore_text(cell("=x")) == "=x" and restore_text(cell("''=x")) == "''=x"


def test_a_stored_id_with_a_line_break_still_names_its_files(writer):
    """Series ids with a final line break were stored (before patterns matched the whole
    text); every CSV and chart of such a series was a 500 (the Content-Disposition header)."""
    from api.services.writes import catalog_writes
    from api.services.writes.tokens import Caller
    from api.services.writes.writing import WriteRequest, perform
    from tests.conftest import database_of

    client, _ = writer
    fields = {"country": "XX", "measure": "held\n", "source_id": "alpha", "kind": "stock"}
    request = WriteRequest(Caller("curator", "write"), "old data", request_hash="")
    action = catalog_writes.add_series({**fields, "title": "t", "unit": "persons"})
    revision = perform(database_of(client.application), request, action).revision
    for path in ("observations.csv", "vintages.csv", "chart.vl.json"):
        answer = client.get(f"/v1/series/XX.held%0A.alpha/{path}")
        assert answer.status_code == 200, (path, answer.get_data())
    answer = client.get("/v1/series/XX.held%0A.alpha/observations.csv")
    expected = f'attachment; filename="XX.held_.alpha.r{revision}.csv"'
    assert answer.headers["Content-Disposition"] == expected
