"""`POST /v1/imports`: the CSV import over HTTP, with a write token; dry runs write nothing."""

from __future__ import annotations

import csv

from tests.conftest import create_token

IMPORTS = "/v1/imports"
HEADER = "series_id,date,value,qualifier,reported_by,document_url,published_at,quote\r\n"
ROW = (
    "XX.political_prisoners.alpha,2024-05-31,150,exact,Alpha Watch,"
    'https://alpha.test/may,2024-06-01,"150 political prisoners at the end of May."\r\n'
)
CSV = {"Content-Type": "text/csv; charset=utf-8"}


def post(client, auth, body: str, query: str = "message=May+figure"):
    return client.post(f"{IMPORTS}?{query}", data=body.encode(), headers={**auth, **CSV})


def latest(client) -> int:
    return int(client.get("/v1/revisions").headers["X-Dataset-Revision"])


def test_import_writes_one_revision_and_answers_like_a_write(writer):
    client, auth = writer
    before = latest(client)
    response = post(client, auth, HEADER + ROW)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["revision"] == before + 1 == latest(client)
    assert body["dry_run"] is False and body["claim_count"] == 1
    assert len(body["observation_ids"]) == 1 and len(body["document_ids"]) == 1
    assert response.headers["X-Dataset-Revision"] == str(before + 1)
    revision = client.get(f"/v1/revisions/{before + 1}").get_json()["data"]
    assert (revision["author"], revision["message"]) == ("curator", "May figure")


def test_dry_run_checks_and_writes_nothing(writer):
    client, auth = writer
    before = latest(client)
    response = post(client, auth, HEADER + ROW, "message=May&dry_run=true")
    assert response.status_code == 200
    assert response.get_json()["dry_run"] is True
    assert response.get_json()["revision"] == before + 1
    assert latest(client) == before


def test_bad_rows_are_named_by_line_and_column(writer):
    client, auth = writer
    bad = ROW.replace(",exact,", ",roughly,")
    response = post(client, auth, HEADER + ROW + bad)
    assert response.status_code == 400
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert problem["detail"].startswith("1 problem(s); nothing was written: line 3, column")
    assert list(problem["errors"]) == ["line 3, column qualifier"]


def test_rows_refused_when_written_are_named_by_line_too(writer):
    """An unknown series or a duplicate is found when the claims are written; the answer
    still names the file's line (and column), as the row checks do, not "claim 1"."""
    client, auth = writer
    orphan = ROW.replace("XX.political_prisoners.alpha", "XX.political_prisoners.nobody")
    problem = post(client, auth, HEADER + ROW + orphan, "message=M&dry_run=true").get_json()
    assert problem["status"] == 400
    assert problem["detail"].startswith("line 3: unknown series 'XX.political_prisoners.nobody'")
    twice = post(client, auth, HEADER + ROW + ROW, "message=M&dry_run=true")
    assert twice.status_code == 409
    problem = twice.get_json()
    assert problem["detail"].startswith("line 3: an identical claim exists")
    assert problem["errors"] == {"line 3, column quote": ["duplicate"]}


def test_a_file_that_is_no_csv_is_a_400(writer):
    client, auth = writer
    for body, words in [
        ("series_id;date;value\r\n", "separates its columns with ';'"),
        (HEADER + ROW.rstrip("\r\n") + ",extra\r\n", "more cells than the header"),
        ("series_id,date\r\n", "missing column(s)"),
    ]:
        response = post(client, auth, body)
        assert response.status_code == 400, body
        assert words in response.get_json()["detail"], response.get_json()


def test_a_cell_past_the_csv_field_limit_is_a_400(writer):
    client, auth = writer
    previous = csv.field_size_limit(1_000)  # the limit is the process's; other tests raise it
    try:
        response = post(client, auth, HEADER + "x" * 2_000 + "\r\n")
    finally:
        csv.field_size_limit(previous)
    assert response.status_code == 400
    assert (
        "the CSV body is not readable as CSV (line 2): field larger than field limit"
        in (response.get_json()["detail"])
    )


def test_import_needs_a_write_token_and_a_csv_body(writer, loaded_app):
    client, auth = writer
    assert post(client, {}, HEADER + ROW).status_code == 401
    reader = {"Authorization": f"Bearer {create_token(loaded_app, 'reader', 'read')}"}
    assert post(client, reader, HEADER + ROW).status_code == 403
    as_json = client.post(f"{IMPORTS}?message=x", json={"a": 1}, headers=auth)
    assert as_json.status_code == 415
    assert post(client, auth, HEADER + ROW, "").status_code == 400  # the message is required


def test_a_retried_key_replays_and_another_body_with_it_is_refused(writer):
    client, auth = writer
    keyed = {**auth, "Idempotency-Key": "may-import"}
    first = post(client, keyed, HEADER + ROW)
    again = post(client, keyed, HEADER + ROW)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["revision"] == first.get_json()["revision"]
    other = post(client, keyed, HEADER + ROW.replace(",150,", ",151,"))
    assert other.status_code == 422


def test_a_stale_if_match_is_a_412_and_writes_nothing(writer):
    """The import honours If-Match as every other write does (it ignored it)."""
    client, auth = writer
    before = latest(client)
    stale = post(client, {**auth, "If-Match": str(before - 1)}, HEADER + ROW)
    assert stale.status_code == 412, stale.get_json()
    assert latest(client) == before
    etag = client.get("/v1/revisions").headers["ETag"]
    current = post(client, {**auth, "If-Match": etag}, HEADER + ROW)
    assert current.status_code == 201, current.get_json()


def test_a_file_without_rows_is_a_400_and_writes_no_revision(writer):
    """A header alone (or with blank rows) was a 201 and an empty revision each time."""
    client, auth = writer
    before = latest(client)
    for body in (HEADER, HEADER + "\r\n\r\n"):
        response = post(client, auth, body)
        assert response.status_code == 400, response.get_json()
        assert "no claims" in response.get_json()["detail"]
    assert latest(client) == before


def test_a_column_named_twice_is_a_400(writer):
    """The reader kept the last of two cells of one name and silently dropped the other."""
    client, auth = writer
    before = latest(client)
    header = HEADER.replace(",quote\r\n", ",quote,value\r\n")
    response = post(client, auth, header + ROW.replace("\r\n", ",9999\r\n"))
    assert response.status_code == 400, response.get_json()
    assert "named twice: value" in response.get_json()["detail"]
    assert latest(client) == before


def _chunked(app, path: str, body: bytes, headers: dict[str, str]):
    """A request whose body comes without Content-Length, as gunicorn passes a chunked one."""
    from werkzeug.test import EnvironBuilder, run_wsgi_app
    from werkzeug.wrappers import Response

    environ = EnvironBuilder(path=path, method="POST", data=body, headers=headers).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    return Response(*run_wsgi_app(app, environ, buffered=True))


def test_a_chunked_body_past_the_limit_is_413_never_cut_short(writer):
    """werkzeug read a chunked body up to MAX_CONTENT_LENGTH and returned it cut there: an
    import lost its last rows and imported the row at the cut."""
    client, auth = writer
    app = client.application
    before = latest(client)
    rows = HEADER + ROW + ROW.replace("2024-05-31,150", "2024-06-30,151")
    app.config["MAX_CONTENT_LENGTH"] = len(HEADER + ROW) + 40  # the cut falls in the last row
    answer = _chunked(app, f"{IMPORTS}?message=m", rows.encode(), {**auth, **CSV})
    assert answer.status_code == 413, answer.get_data()
    assert answer.mimetype == "application/problem+json"
    json_headers = {**auth, "Content-Type": "application/json"}
    claim = b'{"series_id": "XX.political_prisoners.alpha", "quote": "' + b"x" * 500 + b'"}'
    assert _chunked(app, "/v1/observations", claim, json_headers).status_code == 413
    assert latest(client) == before
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    fits = _chunked(app, f"{IMPORTS}?message=m", rows.encode(), {**auth, **CSV})
    assert fits.status_code == 201, fits.get_data()
