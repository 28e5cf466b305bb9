"""/oembed: oEmbed 1.0 answers for our embed and series pages."""

from __future__ import annotations

import pytest

SERIES = "XX.political_prisoners.alpha"
EMBED = f"http://localhost/embed/series/{SERIES}"


def test_rich_answer_pinned_to_the_revision_shown(client):
    response = client.get("/oembed", query_string={"url": EMBED + "?theme=dark"})
    assert response.status_code == 200
    assert response.headers["X-Dataset-Revision"] == "2"
    src = f"{EMBED}?theme=dark&amp;as_of=2&amp;height=360"
    assert response.get_json() == {
        "version": "1.0",
        "type": "rich",
        "provider_name": "Prisoner Counts API",
        "provider_url": "http://localhost/",
        "title": "Political prisoners per Alpha",
        "author_name": "Alpha Watch (synthetic)",
        "author_url": f"http://localhost/series/{SERIES}",
        "html": f'<iframe src="{src}" title="Political prisoners per Alpha" width="640" '
        'height="424" style="border:0;width:100%;max-width:640px" loading="lazy"></iframe>',
        "width": 640,
        "height": 424,
        "cache_age": 3600,
        "thumbnail_url": f"http://localhost/v1/series/{SERIES}/chart.png"
        "?theme=dark&as_of=2&height=360&width=640",
        "thumbnail_width": 640,
        "thumbnail_height": 360,
    }


def test_maxwidth_and_maxheight_are_respected(client):
    answer = client.get(
        "/oembed", query_string={"url": EMBED, "maxwidth": 480, "maxheight": 300}
    ).get_json()
    assert (answer["width"], answer["height"]) == (480, 300)
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == (480, 236)
    tiny = client.get("/oembed", query_string={"url": EMBED, "maxwidth": 150}).get_json()
    assert tiny["width"] == 150 and "thumbnail_url" not in tiny


def test_a_pinned_url_is_cached_long(client):
    answer = client.get("/oembed", query_string={"url": EMBED + "?as_of=1"}).get_json()
    assert answer["cache_age"] == 31_536_000
    assert "as_of=1" in answer["html"]


def test_series_page_compare_and_releases_urls_embed_too(client):
    for url in (
        f"http://localhost/series/{SERIES}",
        f"http://localhost/embed/compare?series={SERIES},XX.released.beta",
        "http://localhost/embed/releases",
    ):
        response = client.get("/oembed", query_string={"url": url})
        assert response.status_code == 200, url
        assert "<iframe" in response.get_json()["html"]


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.invalid/x",
        f"https://localhost/embed/series/{SERIES}",  # another scheme is another origin
        "http://localhost/",
        "http://localhost/v1/series",
        "http://localhost/no/such/page",
        "http://localhost/embed/series/XX.nope.x",
        f"http://localhost/embed/series/{SERIES}?theme=pink",
    ],
)
def test_urls_that_are_not_our_charts_are_404(client, url):
    response = client.get("/oembed", query_string={"url": url})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_xml_is_not_implemented_and_url_is_required(client):
    assert client.get("/oembed", query_string={"url": EMBED, "format": "xml"}).status_code == 501
    assert client.get("/oembed").status_code == 400


def test_oembed_is_in_the_openapi_document(client):
    assert "/oembed" in client.get("/v1/openapi.json").get_json()["paths"]
