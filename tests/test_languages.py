"""Names in original languages and `Accept-Language` (RFC 9110 q-values) for names and titles."""

from __future__ import annotations

import pytest

from api.services.reads.languages import Localiser

VIASNA_BE = "Праваабарончы цэнтр «Вясна»"
BELTA_RU = "Белорусское телеграфное агентство"
BELTA_BE = "Беларускае тэлеграфнае агенцтва"


def source(client, source_id: str, language: str | None = None, as_of: str | None = None):
    headers = {"Accept-Language": language} if language is not None else {}
    pinned = f"?as_of={as_of}" if as_of else ""  # an empty as_of= is a 400
    return client.get(f"/v1/sources/{source_id}{pinned}", headers=headers)


def test_viasna_answers_in_belarusian_when_asked(shipped_client):
    response = source(shipped_client, "viasna", "be")
    data = response.get_json()["data"]
    assert data["name"] == VIASNA_BE
    assert data["names"] == {"en": 'Human Rights Centre "Viasna"', "be": VIASNA_BE}
    assert response.headers["Content-Language"] == "be"
    assert "Accept-Language" in response.vary


def test_english_without_the_header_and_names_always_complete(shipped_client):
    response = source(shipped_client, "viasna")
    assert response.get_json()["data"]["name"] == 'Human Rights Centre "Viasna"'
    assert response.get_json()["data"]["names"]["be"] == VIASNA_BE
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("header", "name", "language"),
    [
        ("ru;q=0.9, be;q=0.5", BELTA_RU, "ru"),
        ("be;q=0.9, ru;q=0.5", BELTA_BE, "be"),
        ("be-BY", BELTA_BE, "be"),  # a regional tag falls back to its language
        ("de, fr;q=0.8", "Belarusian Telegraph Agency BelTA", "en"),  # none available
        ("be;q=0, ru", BELTA_RU, "ru"),  # q=0: not acceptable
        ("*", "Belarusian Telegraph Agency BelTA", "en"),
        ("x;;q=nonsense", "Belarusian Telegraph Agency BelTA", "en"),
    ],
)
def test_the_best_accepted_language_wins(shipped_client, header, name, language):
    response = source(shipped_client, "belta", header)
    assert response.get_json()["data"]["name"] == name
    assert response.headers["Content-Language"] == language


def test_a_source_without_other_names_stays_english(shipped_client):
    response = source(shipped_client, "ap", "be, ru")
    assert response.get_json()["data"]["names"] == {"en": "Associated Press"}
    assert response.headers["Content-Language"] == "en"


def test_the_first_revision_had_english_names_only(shipped_client):
    data = source(shipped_client, "viasna", "be", as_of="2025.12").get_json()["data"]
    assert data["names"] == {"en": 'Human Rights Centre "Viasna"'}
    assert data["name"] == 'Human Rights Centre "Viasna"'


def test_lists_say_every_language_they_answer_in(shipped_client):
    response = shipped_client.get("/v1/sources", headers={"Accept-Language": "ru"})
    names = {s["id"]: s["name"] for s in response.get_json()["data"]}
    assert (names["memorial"], names["belta"], names["viasna"]) == (
        "«Мемориал»",
        BELTA_RU,
        'Human Rights Centre "Viasna"',
    )
    assert set(response.headers["Content-Language"].split(", ")) == {"en", "ru"}


def test_series_titles_and_source_names_follow_the_header(shipped_client):
    url = "/v1/series/BY.released.belta"
    response = shipped_client.get(url, headers={"Accept-Language": "ru"})
    data = response.get_json()["data"]
    assert data["source_name"] == BELTA_RU
    assert data["title"] == data["titles"]["en"]  # the service's own title is English only
    assert response.headers["Content-Language"] == "en, ru"
    listed = shipped_client.get("/v1/series?source=memorial", headers={"Accept-Language": "ru"})
    assert {s["source_name"] for s in listed.get_json()["data"]} == {"«Мемориал»"}


def test_each_language_is_its_own_cached_answer(shipped_client):
    english = source(shipped_client, "viasna", "en")
    belarusian = source(shipped_client, "viasna", "be")
    again = source(shipped_client, "viasna", "en")
    assert english.headers["ETag"] != belarusian.headers["ETag"]
    assert again.get_json()["data"]["name"] == 'Human Rights Centre "Viasna"'
    assert again.headers["Content-Language"] == "en"


def test_the_localiser_falls_back_to_english_for_an_unknown_choice():
    words = Localiser(choose=lambda available: "xx")
    assert words.source({"name": "Alpha", "names": {"be": "Альфа"}})["name"] == "Alpha"
    assert words.content_language == "en"


def test_writes_take_names_and_titles_by_language(writer):
    client, auth = writer
    body = {"id": "gamma", "name": "Gamma", "kind": "press", "names": {"ru": "Гамма"}}
    assert client.post("/v1/sources", json=body, headers=auth).status_code == 201
    series = {
        "country": "YY",
        "measure": "political_prisoners",
        "source_id": "gamma",
        "kind": "stock",
        "title": "Political prisoners per Gamma",
        "titles": {"ru": "Политзаключённые по данным «Гаммы»"},
    }
    assert client.post("/v1/series", json=series, headers=auth).status_code == 201
    got = client.get("/v1/series/YY.political_prisoners.gamma", headers={"Accept-Language": "ru"})
    assert (got.get_json()["data"]["title"], got.get_json()["data"]["source_name"]) == (
        "Политзаключённые по данным «Гаммы»",
        "Гамма",
    )
    patch = {"names": {"ru": "Гамма", "be": "Гама"}, "message": "Belarusian name"}
    assert client.patch("/v1/sources/gamma", json=patch, headers=auth).status_code == 201
    latest = client.get("/v1/sources/gamma", headers={"Accept-Language": "be"}).get_json()
    assert latest["data"]["name"] == "Гама"
    before = client.get(
        f"/v1/sources/gamma?as_of={latest['revision'] - 1}", headers={"Accept-Language": "be"}
    )
    assert before.get_json()["data"]["names"] == {"en": "Gamma", "ru": "Гамма"}


@pytest.mark.parametrize(
    "names",
    [
        {"en": "Gamma"},  # English is the name field itself
        {"Russian": "Гамма"},
        {"ru": ""},
        {"ru": "   "},
        {"ru": "Гам\x00ма"},
        {"ru": "x" * 301},
        ["ru", "Гамма"],
    ],
)
def test_bad_names_are_400(writer, names):
    client, auth = writer
    body = {"id": "delta", "name": "Delta", "kind": "press", "names": names}
    response = client.post("/v1/sources", json=body, headers=auth)
    assert response.status_code == 400, response.get_json()
    assert all(key.startswith("names") for key in response.get_json()["errors"])


def test_openapi_documents_accept_and_content_language(client):
    spec = client.get("/v1/openapi.json").get_json()
    for path in ("/v1/sources", "/v1/sources/{source_id}", "/v1/series", "/v1/series/{series_id}"):
        operation = spec["paths"][path]["get"]
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["Accept-Language"]
        assert "Content-Language" in operation["responses"]["200"]["headers"]
    source = spec["components"]["schemas"]["Source"]["properties"]
    assert source["names"]["type"] == "object"
    assert "names" in spec["components"]["schemas"]["SourceBody"]["properties"]
