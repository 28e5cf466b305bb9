"""/v1/citation: four styles, pinned to a revision, with a URL that reproduces the numbers."""

from __future__ import annotations

import json
import re

import pytest

SERIES = "XX.political_prisoners.alpha"


def issued(client, revision: int) -> tuple[str, str, str]:
    """Year, month abbreviation and YYYY/MM/DD of the revision (the fixture's load time)."""
    created = client.get(f"/v1/revisions/{revision}").json["data"]["created_at"]
    year, month, day = created[:10].split("-")
    names = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    return year, names[int(month) - 1], f"{year}/{month}/{day}"


def test_bibtex_pins_the_revision(client):
    response = client.get(f"/v1/citation?series={SERIES}&as_of=1&style=bibtex")
    assert response.mimetype == "application/x-bibtex"
    assert response.headers["X-Dataset-Revision"] == "1"
    year, month, _ = issued(client, 1)
    url = f"http://localhost/v1/series/{SERIES}/observations.csv?as_of=1"
    assert response.get_data(as_text=True) == (
        "@misc{prisoner_counts_XX_political_prisoners_alpha_r1,\n"
        "  author       = {{Prisoner Counts contributors}},\n"
        "  title        = {{Political prisoners per Alpha}},\n"
        f"  year         = {{{year}}},\n"
        f"  month        = {{{month}}},\n"
        "  version      = {revision 1, tag fixture.1},\n"
        "  publisher    = {Prisoner Counts API},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n"
        f"  url          = {{{url}}},\n"
        "  note         = {Data set, revision 1, tag fixture.1. Counted by Alpha Watch "
        "(synthetic); one claim per date with its provenance. Data licence: CC BY 4.0.}\n"
        "}\n"
    )


def test_the_citation_url_reproduces_the_same_numbers_later(client):
    text = client.get(f"/v1/citation?series={SERIES}&as_of=1&style=bibtex").get_data(as_text=True)
    url = re.search(r"url\s+= \{(.+)\}", text).group(1)  # type: ignore[union-attr]
    cited = client.get(url.removeprefix("http://localhost"))
    assert (
        cited.get_data()
        == client.get(f"/v1/series/{SERIES}/observations.csv?as_of=fixture.1").get_data()
    )
    latest = client.get(f"/v1/series/{SERIES}/observations.csv").get_data()
    assert cited.get_data() != latest  # revision 2 added March: the citation still shows r1


def test_apa_ris_and_csl_json(client):
    year, _, day = issued(client, 2)
    apa = client.get(f"/v1/citation?series={SERIES}").get_data(as_text=True)
    assert apa == (
        f"Prisoner Counts contributors. ({year}). Political prisoners per Alpha (Revision 2) "
        "[Data set]. Prisoner Counts API. "
        f"http://localhost/v1/series/{SERIES}/observations.csv?as_of=2\n"
    )
    ris = client.get(f"/v1/citation?series={SERIES}&style=ris")
    assert ris.mimetype == "application/x-research-info-systems"
    lines = ris.get_data(as_text=True).split("\r\n")
    assert lines[:5] == [
        "TY  - DATA",
        "AU  - Prisoner Counts contributors",
        "TI  - Political prisoners per Alpha",
        f"PY  - {year}",
        f"DA  - {day}",
    ]
    assert lines[-2:] == ["ER  - ", ""]
    [item] = json.loads(client.get(f"/v1/citation?series={SERIES}&style=csl-json").get_data())
    assert (item["type"], item["version"], item["URL"]) == (
        "dataset",
        "revision 2",
        f"http://localhost/v1/series/{SERIES}/observations.csv?as_of=2",
    )


def test_the_whole_data_set_cites_its_package(client):
    text = client.get("/v1/citation?as_of=fixture.1").get_data(as_text=True)
    assert text.endswith(
        "[Data set]. Prisoner Counts API. http://localhost/v1/export/datapackage.zip?as_of=1\n"
    )


def test_a_public_url_setting_replaces_the_request_host(fixture_url):
    from tests.conftest import database_of, make_app

    app = make_app(fixture_url, PUBLIC_BASE_URL="https://data.example.org/")
    text = app.test_client().get("/v1/citation?style=ris").get_data(as_text=True)
    assert "UR  - https://data.example.org/v1/export/datapackage.zip?as_of=2\r\n" in text
    database_of(app).dispose()


@pytest.mark.parametrize(
    ("query", "status", "argument"),
    [
        ("style=mla", 400, "style"),
        ("series=XX.nothing.here", 400, "series"),
        ("as_of=99", 404, None),
    ],
)
def test_bad_citations(client, query, status, argument):
    response = client.get(f"/v1/citation?{query}")
    assert response.status_code == status
    if argument:
        assert argument in response.json["errors"]


def test_a_bibtex_citation_of_the_shipped_data_reproduces_its_numbers(shipped_client):
    series = "BY.political_prisoners.viasna"
    text = shipped_client.get(f"/v1/citation?series={series}&as_of=2025.12&style=bibtex")
    bibtex = text.get_data(as_text=True)
    assert bibtex.startswith("@misc{prisoner_counts_BY_political_prisoners_viasna_r1,\n")
    assert "version      = {revision 1, tag 2025.12}," in bibtex
    url = re.search(r"url\s+= \{(.+)\}", bibtex).group(1)  # type: ignore[union-attr]
    assert url == f"http://localhost/v1/series/{series}/observations.csv?as_of=1"
    cited = shipped_client.get(url.removeprefix("http://localhost")).get_data(as_text=True)
    # One preferred claim per date: 69 claims on 57 distinct dates (date and precision).
    assert cited.count("\r\n") == 1 + 57


FORGED_TITLE = "Alpha\r\nER  - \r\nTY  - JOUR\r\nTI  - Forged"


@pytest.mark.parametrize("style", ["ris", "apa", "bibtex"])
def test_a_line_break_in_a_title_cannot_forge_a_record(writer, style):
    """A series title may hold line breaks; in RIS one ended the record and began a forged
    one (`ER  - `, `TY  - JOUR`)."""
    client, auth = writer
    changed = client.patch(f"/v1/series/{SERIES}", json={"title": FORGED_TITLE}, headers=auth)
    assert changed.status_code == 201, changed.get_json()
    text = client.get(f"/v1/citation?series={SERIES}&style={style}").get_data(as_text=True)
    assert "Alpha ER - TY - JOUR TI - Forged" in text
    if style == "ris":
        lines = text.splitlines()
        assert [line[:2] for line in lines].count("TY") == 1
        assert [line[:2] for line in lines].count("ER") == 1
    else:
        assert "\nER" not in text and "\nTY" not in text
