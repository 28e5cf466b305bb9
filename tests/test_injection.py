"""Hostile input: SQL injection, path traversal, huge numbers, NUL bytes, and text in other
scripts. Nothing may fail with a 5xx, nothing may change, and text must round-trip exactly."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import NEW_CLAIM

HOSTILE_PATHS = [
    "/v1/series/' OR '1'='1",
    "/v1/series/x'; DROP TABLE observations;--",
    "/v1/series/..%2F..%2Fetc%2Fpasswd",
    "/v1/sources/../../etc/passwd",
    "/v1/sources/%00",
    "/v1/series/%00/observations",
    "/v1/observations/99999999999999999999999",
    "/v1/documents/-1",
    "/v1/revisions/99999999999999999999",
    "/v1/series/XX.political_prisoners.alpha/observations?offset=99999999999999999999999",
    "/v1/series/XX.political_prisoners.alpha/observations?limit=99999999999999999999999",
    "/v1/series?source=' OR 1=1 --",
    "/v1/series?country=%00",
    "/v1/releases?brokered_by=%25' OR '1'='1",
    "/v1/changes?since=99999999999999999999999",
    "/v1/series/XX.political_prisoners.alpha/observations?as_of=1; DROP TABLE revisions",
    "/v1/series/XX.political_prisoners.alpha/observations?as_of=99999999999999999999999",
    "/v1/series/XX.political_prisoners.alpha/observations?start=%00",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_requests_get_a_4xx_or_an_empty_answer_never_5xx(client, path):
    response = client.get(path)
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
    assert client.get("/v1/series").get_json()["data"]  # every table still there


@pytest.mark.parametrize("value", [2**63, 10**30, -(2**63), 2**53])
def test_counts_beyond_any_real_number_are_refused(writer, value):
    client, auth = writer
    response = client.post("/v1/observations", json={**NEW_CLAIM, "value": value}, headers=auth)
    assert response.status_code == 400
    assert any(key.endswith("value") for key in response.get_json()["errors"])


SCRIPTS = "Палітвязняў — 1 190 («Вясна»); политзаключённых; політв'язнів: ґ є ї і; ☐ 😀 \u200b"


def test_text_in_other_scripts_round_trips_through_json_csv_and_import(writer, tmp_path):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": SCRIPTS, "reported_by": "Наша Ніва", "note": "=1+1 ґ"}
    created = client.post("/v1/observations", json=claim, headers=auth).get_json()
    [obs] = created["observation_ids"]
    data = client.get(f"/v1/observations/{obs}").get_json()["data"]
    assert (data["quote"], data["reported_by"], data["note"]) == (SCRIPTS, "Наша Ніва", "=1+1 ґ")
    body = client.get(
        "/v1/series/XX.political_prisoners.alpha/observations?format=csv&start=2024-04"
    )
    [row] = list(csv.DictReader(io.StringIO(body.get_data(as_text=True))))
    assert (row["quote"], row["note"]) == (SCRIPTS, "'=1+1 ґ")
    client.delete(f"/v1/observations/{obs}?reason=re-import", headers=auth)
    path = tmp_path / "scripts.csv"
    path.write_bytes(body.get_data())
    result = client.application.test_cli_runner().invoke(args=["import", str(path), "-m", "again"])
    assert result.exit_code == 0, result.output
    again = client.get("/v1/series/XX.political_prisoners.alpha/observations?start=2024-04")
    [back] = again.get_json()["data"]
    assert (back["quote"], back["note"], back["reported_by"]) == (SCRIPTS, "=1+1 ґ", "Наша Ніва")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/tags", {"name": "huge", "revision": 2**70}),
        ("/v1/observations", {**NEW_CLAIM, "document_id": 2**70}),
    ],
)
def test_huge_integers_in_bodies_are_400_not_500(writer, path, body):
    client, auth = writer
    if "document_id" in body:
        body = {k: v for k, v in body.items() if not k.startswith(("document_url", "publ"))}
    assert client.post(path, json=body, headers=auth).status_code == 400


@pytest.mark.parametrize("as_of", ["²", "٣", "１"])
def test_digits_of_other_scripts_are_not_revision_ids(client, as_of):
    response = client.get(f"/v1/series/XX.political_prisoners.alpha/observations?as_of={as_of}")
    assert response.status_code == 404


def test_nul_characters_in_a_body_are_400(writer):
    client, auth = writer
    response = client.post("/v1/observations", json={**NEW_CLAIM, "message": "\x00"}, headers=auth)
    assert response.status_code == 400
    assert (
        client.post(
            "/v1/documents", json={"url": "https://x.test/a", "title": "a\x00b"}, headers=auth
        ).status_code
        == 400
    )


def test_control_characters_never_reach_the_chart_renderer(client):
    # One control character once made vl-convert abort the whole process.
    assert client.get("/v1/releases/chart.svg?title=%18").status_code == 400
    from api.render.images import drawable

    assert drawable({"a": ["x\x18y", {"b": "\x07"}], "n": 1}) == {"a": ["x y", {"b": " "}], "n": 1}


NOT_CHARACTERS = ["\ufffe", "\uffff"]


@pytest.mark.parametrize("text", NOT_CHARACTERS)
def test_u_fffe_and_u_ffff_never_reach_the_chart_renderer(client, text):
    """Either one in a chart title made vl-convert abort its process: an anonymous 500 on
    every chart, and a renderer to start again for the next drawing."""
    for output in ("svg", "png"):
        answer = client.get(f"/v1/releases/chart.{output}", query_string={"title": f"a{text}b"})
        assert answer.status_code == 400, answer.get_data()
        assert "title" in answer.get_json()["errors"]
    from api.render.images import drawable

    assert drawable({"title": f"a{text}b"}) == {"title": "a b"}


def test_a_stored_text_the_renderer_cannot_draw_is_drawn_without_it():
    """A title stored before writes refused U+FFFF still draws (as a space)."""
    from api.render import images

    spec = {"title": "a\uffffb", "mark": "point", "data": {"values": [{"a": 1}]}}
    svg = images.render(spec, "svg", "a\uffffb", budget=60).decode()
    assert "\uffff" not in svg
    ET.fromstring(svg)


@pytest.mark.parametrize("text", NOT_CHARACTERS)
def test_u_fffe_and_u_ffff_are_refused_in_writes(writer, text):
    client, auth = writer
    body = {**NEW_CLAIM, "quote": f"140 {text}"}
    answer = client.post("/v1/observations", json=body, headers=auth)
    assert answer.status_code == 400
    assert "quote" in answer.get_json()["errors"]
    tag = client.post("/v1/tags", json={"name": "t", "message": f"m{text}"}, headers=auth)
    assert tag.status_code == 400


def test_the_atom_feed_stays_xml_whatever_a_stored_text_holds():
    """ElementTree writes U+FFFF as it is: one revision message holding it stopped every
    feed reader at the first entry."""
    import datetime as dt

    from api.render.atom import Entry, render_feed

    when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    entry = Entry("urn:x", "t\ufffe", when, "https://x.test/", "m\uffff\x01", "a\ufffe")
    feed = ET.fromstring(render_feed("urn:feed", "f", "https://x.test/f", when, [entry]))
    assert "\ufffd" in ET.tostring(feed, encoding="unicode")
