"""Small points of the HTTP contract: empty arguments, dates, bidi controls, lengths, oEmbed."""

from __future__ import annotations

import pytest

from tests.conftest import NEW_CLAIM

ALPHA = "XX.political_prisoners.alpha"


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/series/{ALPHA}/observations?as_of=",
        f"/v1/series/{ALPHA}/observations?end=",
        f"/v1/series/{ALPHA}/observations?as_of=1&limit=",
        "/v1/series?as_of=",
        "/v1/releases?country=",
        f"/v1/compare?series={ALPHA}&start=",
        f"/v1/series/{ALPHA}/chart.svg?title=",
        "/oembed?url=",
        f"/v1/series/{ALPHA}/vintages?as_of= ",
    ],
)
def test_an_empty_argument_is_a_400_naming_it(client, path):
    answer = client.get(path)
    assert answer.status_code == 400, answer.get_data()
    name = path.split("?")[1].split("&")[-1].split("=")[0]
    assert answer.get_json()["errors"][name] == ["must not be empty"]


def _post(client, auth, **changes):
    return client.post("/v1/observations", json={**NEW_CLAIM, **changes}, headers=auth)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "２０２４-01-01"}, "date"),  # full-width digits
        ({"date": "٢٠٢٤-01-01"}, "date"),  # Arabic-Indic digits
        ({"date": "0001-01-01"}, "date"),
        ({"date": "1900"}, "date"),
        ({"date": "1949-12-31"}, "date"),
        ({"period_start": "1900-01-01", "date": "2024-01-31"}, "period_start"),
        ({"published_at": "1900-01-01"}, "published_at"),
    ],
)
def test_claim_dates_use_ascii_digits_and_start_in_1950(writer, changes, field):
    client, auth = writer
    answer = _post(client, auth, **changes)
    assert answer.status_code == 400, answer.get_json()
    assert field in str(answer.get_json()["errors"])


def test_the_first_day_of_1950_is_a_date(writer):
    client, auth = writer
    assert _post(client, auth, date="1950-01-01", quote="140 in 1950.").status_code == 201


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_bidirectional_controls_are_refused_in_every_text(writer, control):
    client, auth = writer
    for field in ("quote", "note", "reported_by", "publisher"):
        answer = _post(client, auth, **{field: f"140 political {control}prisoners"})
        assert answer.status_code == 400
        assert "bidirectional" in answer.get_json()["errors"][field][0]
    source = {"id": "gamma", "name": f"Gamma{control}", "kind": "human_rights_org"}
    assert client.post("/v1/sources", json=source, headers=auth).status_code == 400


def test_addresses_are_at_most_2048_characters(writer):
    client, auth = writer
    long_url = "https://alpha.test/" + "a" * 2030
    assert len(long_url) == 2049
    assert _post(client, auth, document_url=long_url).status_code == 400
    document = {"url": long_url, "title": "t"}
    assert client.post("/v1/documents", json=document, headers=auth).status_code == 400
    fits = long_url[:2048]
    assert _post(client, auth, document_url=fits).status_code == 201


def test_oembed_keeps_within_maxheight_and_maxwidth(client):
    page = f"http://localhost/series/{ALPHA}"
    for maxheight in (100, 214, 300):
        answer = client.get(
            "/oembed", query_string={"url": page, "maxwidth": 150, "maxheight": maxheight}
        )
        body = answer.get_json()
        assert answer.status_code == 200
        assert body["height"] <= maxheight and body["width"] <= 150
        assert f'height="{body["height"]}"' in body["html"]
    small = client.get("/oembed", query_string={"url": page, "maxheight": 100}).get_json()
    assert "thumbnail_url" not in small  # a 150-pixel chart does not fit in 100


def _latest_revision(client) -> int:
    return client.get("/v1/revisions?limit=1").get_json()["data"][0]["id"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/sources", {"id": "gamma\n", "name": "Gamma", "kind": "press"}, "id"),
        (
            "/v1/series",
            {
                "country": "XX\n",
                "measure": "m",
                "source_id": "alpha",
                "kind": "stock",
                "title": "t",
            },
            "country",
        ),
        (
            "/v1/series",
            {
                "country": "XX",
                "measure": "m\n",
                "source_id": "alpha",
                "kind": "stock",
                "title": "t",
            },
            "measure",
        ),
        (
            "/v1/series",
            {
                "country": "XX",
                "measure": "m",
                "source_id": "alpha",
                "kind": "stock",
                "title": "t",
                "titles": {"be\n": "т"},
            },
            "titles",
        ),
        ("/v1/tags", {"name": "t1\n"}, "name"),
        (
            "/v1/releases",
            {
                "release_id": "XX-1\n",
                "date": "2024-01-01",
                "country": "XX",
                "category": "political_prisoners",
                "mechanism": "pardon",
            },
            "release_id",
        ),
    ],
)
def test_a_pattern_takes_no_final_line_break(writer, path, body, field):
    """`$` in `re.match` matches before a final "\\n": such ids were stored, and the answer's
    `Location` header then failed (a 500 after the write, and 500s on every CSV and chart of
    the series)."""
    client, auth = writer
    before = _latest_revision(client)
    answer = client.post(path, json=body, headers=auth)
    assert answer.status_code == 400, answer.get_data()
    assert field in str(answer.get_json()["errors"])
    assert _latest_revision(client) == before


def test_a_chart_title_takes_no_final_line_break(client):
    answer = client.get(f"/v1/series/{ALPHA}/chart.svg", query_string={"title": "abc\n"})
    assert answer.status_code == 400
    assert "title" in answer.get_json()["errors"]


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/series/{ALPHA}/observations?as_of=1&as_of=2",
        f"/v1/series/{ALPHA}/observations?limit=1&limit=2",
        f"/v1/series/{ALPHA}/observations.csv?start=2020&start=2024",
        f"/v1/compare?series={ALPHA}&series=XX.political_prisoners.beta",
        f"/v1/compare/chart.vl.json?series={ALPHA}&series=XX.political_prisoners.beta",
        "/v1/releases?country=XX&country=YY",
        "/oembed?url=a&url=b",
    ],
)
def test_an_argument_given_twice_is_a_400_naming_it(client, path):
    """The first value was taken silently: `as_of=1&as_of=9` answered revision 1, and
    `series=a&series=b` compared one series."""
    answer = client.get(path)
    assert answer.status_code == 400, answer.get_data()
    name = path.split("?")[1].split("=")[0]
    assert "more than once" in answer.get_json()["errors"][name][0]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/v1/sources", {"id": "gamma", "name": " ", "kind": "press"}, "name"),
        ("PATCH", "/v1/sources/alpha", {"name": "\n"}, "name"),
        (
            "POST",
            "/v1/series",
            {"country": "XX", "measure": "m", "source_id": "alpha", "kind": "stock", "title": " "},
            "title",
        ),
        ("PATCH", f"/v1/series/{ALPHA}", {"unit": "\t"}, "unit"),
        (
            "POST",
            "/v1/releases",
            {
                "release_id": "XX-9",
                "date": "2024-01-01",
                "country": "XX",
                "category": " ",
                "mechanism": "pardon",
            },
            "category",
        ),
        (
            "POST",
            "/v1/releases",
            {
                "release_id": "XX-9",
                "date": "2024-01-01",
                "country": "XX",
                "category": "political_prisoners",
                "mechanism": "\r\n",
            },
            "mechanism",
        ),
        ("POST", "/v1/tags", {"name": "t1", "message": "  "}, "message"),
        ("POST", "/v1/documents", {"url": "https://alpha.test/l", "language": "a\nb"}, "language"),
        ("PATCH", "/v1/documents/1", {"language": "not a language"}, "language"),
    ],
)
def test_a_required_text_is_never_blank_and_a_language_is_a_tag(writer, method, path, body, field):
    """Blank names, titles, units, categories, mechanisms and messages were stored (a
    source named " " in every list), and a document's language took any text."""
    client, auth = writer
    before = _latest_revision(client)
    answer = client.open(path, method=method, json=body, headers=auth)
    assert answer.status_code == 400, answer.get_data()
    assert field in answer.get_json()["errors"]
    assert _latest_revision(client) == before


def test_a_series_id_fits_its_column(writer):
    """A measure and a source id of 100 characters each made a 204-character series id:
    stored as it was by SQLite, a 500 on PostgreSQL (the column holds 200)."""
    client, auth = writer
    source = {"id": "s" * 100, "name": "Long", "kind": "press"}
    assert client.post("/v1/sources", json=source, headers=auth).status_code == 201
    before = _latest_revision(client)
    series = {"country": "XX", "measure": "m" * 100, "source_id": "s" * 100}
    answer = client.post("/v1/series", json={**series, "kind": "stock", "title": "t"}, headers=auth)
    assert answer.status_code == 400, answer.get_data()
    assert "measure" in answer.get_json()["errors"]
    assert _latest_revision(client) == before
    fits = {**series, "measure": "m" * 96, "kind": "stock", "title": "t"}
    assert client.post("/v1/series", json=fits, headers=auth).status_code == 201
