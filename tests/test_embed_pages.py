"""The embed pages, the landing page, the series pages and /docs, as HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

SERIES = "XX.political_prisoners.alpha"
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["'](https?://[^"']+)"""
)


class Elements(HTMLParser):
    """Start tags with their attributes, and the text of <script type=application/json>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.json_blocks: list[str] = []
        self._in_json = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks.append(data)
            self._in_json = False

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def test_embed_page_may_be_framed_and_loads_only_our_scripts(client):
    response = client.get(f"/embed/series/{SERIES}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert "X-Frame-Options" not in response.headers
    page = Elements(response.get_data(as_text=True))
    scripts = [s["src"] for s in page.all("script") if s.get("src")]
    assert scripts == [
        "/static/vendor/vega/vega.min.js",
        "/static/vendor/vega-lite/vega-lite.min.js",
        "/static/vendor/vega-embed/vega-embed.min.js",
        "/static/js/chart.js",
    ]
    assert [
        s for s in page.all("script") if not s.get("src") and s.get("type") != "application/json"
    ] == []
    assert EXTERNAL.findall(response.get_data(as_text=True)) == [
        "http://localhost/oembed?url=http%3A%2F%2Flocalhost%2Fembed%2Fseries%2FXX.political_prisoners.alpha&amp;format=json",
        "http://localhost/series/XX.political_prisoners.alpha",
        f"http://localhost/v1/series/{SERIES}/chart.svg",
    ]


def test_embed_page_carries_spec_noscript_image_table_and_oembed_discovery(client):
    response = client.get(f"/embed/series/{SERIES}", query_string={"as_of": "1", "theme": "dark"})
    assert response.headers["X-Dataset-Revision"] == "1"
    html = response.get_data(as_text=True)
    page = Elements(html)
    spec = json.loads(page.json_blocks[0])
    assert spec["width"] == "container" and spec["usermeta"]["revision"] == 1
    assert spec["config"]["background"] == "#16181d"
    [image] = page.all("img")
    assert image["src"] == f"http://localhost/v1/series/{SERIES}/chart.svg?as_of=1&theme=dark"
    assert image["alt"].startswith("Chart of Political prisoners per Alpha: 5 claims")
    [oembed] = [link for link in page.all("link") if link.get("rel") == "alternate"]
    assert oembed["type"] == "application/json+oembed"
    assert (
        response.headers["Link"]
        == f'<{oembed["href"]}>; rel="alternate"; type="application/json+oembed"'
    )
    assert html.count("<tr") == 1 + 5  # header row and one row per claim
    assert "as of revision 1" in html


def test_compare_and_release_embeds(client):
    response = client.get("/embed/compare", query_string={"series": f"{SERIES},XX.released.beta"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>2 series compared · Prisoner Counts API</title>" in html
    assert "Beta State Agency (synthetic)" in html
    response = client.get("/embed/releases")
    assert response.status_code == 200
    assert "Synthetic pardon" in response.get_data(as_text=True)


def test_embed_errors_are_pages(client):
    response = client.get("/embed/series/XX.nope.x")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "XX.nope.x" in response.get_data(as_text=True)
    response = client.get(f"/embed/series/{SERIES}", query_string={"width": "300"})
    assert response.status_code == 400
    assert "width" in response.get_data(as_text=True)


def test_landing_page_lists_every_series_with_its_latest_claim(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    for series in (SERIES, "XX.released.alpha", "XX.released.beta"):
        assert f'href="/series/{series}"' in html
    assert '<strong>130</strong> <span class="qualifier">exact</span>' in html
    assert "<strong>about 12</strong>" in html
    assert "Showing revision 2" in html
    assert f"/v1/series/{SERIES}/chart.svg" in html
    assert "/v1/releases/chart.svg" in html
    assert all(url.startswith("http://localhost/") for url in EXTERNAL.findall(html))


def test_series_page_shows_latest_disputes_batches_downloads_embed_and_citation(client):
    response = client.get(f"/series/{SERIES}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<span class="big">130</span>' in html
    assert "1 date whose claims cannot all be true" in html
    assert "By the end of February Alpha counted 120." in html
    for download in ("format=csv", "chart.svg", "chart.png", "chart.vl.json"):
        assert download in html
    assert (
        "&lt;iframe src=&#34;http://localhost/embed/series/XX.political_prisoners.alpha?as_of=2&#34;"
        in html
    )
    assert "alt=&#34;Chart of Political prisoners per Alpha" in html
    assert f"series <code>{SERIES}</code>" in html
    assert f"http://localhost/series/{SERIES}?as_of=2" in html
    assert "application/json+oembed" in html and "Link" in response.headers


def test_series_page_of_a_flow_lists_its_release_batches(client):
    html = client.get("/series/XX.released.beta").get_data(as_text=True)
    assert "Synthetic pardon" in html and "10 (Beta State Agency)" in html


def test_pages_as_of_a_past_revision_say_so(client):
    html = client.get(f"/series/{SERIES}", query_string={"as_of": "1"}).get_data(as_text=True)
    assert "Showing as of revision 1" in html
    assert f'href="/series/{SERIES}">See the latest revision' in html


def test_public_base_url_is_used_in_links_snippets_and_oembed(configured_app):
    app = configured_app(PUBLIC_BASE_URL="https://counts.example.org/")
    client = app.test_client()
    html = client.get(f"/series/{SERIES}").get_data(as_text=True)
    assert "https://counts.example.org/embed/series/XX.political_prisoners.alpha?as_of=2" in html
    assert "http://localhost/" not in html
    url = f"https://counts.example.org/embed/series/{SERIES}"
    answer = client.get("/oembed", query_string={"url": url}).get_json()
    assert answer["provider_url"] == "https://counts.example.org/"
    local = client.get("/oembed", query_string={"url": f"http://localhost/embed/series/{SERIES}"})
    assert local.status_code == 404


def test_docs_are_served_from_the_service(client):
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert EXTERNAL.findall(html) == []
    page = Elements(html)
    assert [s["src"] for s in page.all("script")] == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/js/docs.js",
    ]
    assert 'data-spec="/v1/openapi.json"' in html
    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/vega/vega.min.js",
        "js/chart.js",
    ):
        with client.get(f"/static/{asset}") as static:
            assert static.status_code == 200


def test_the_landing_page_compares_counts_of_one_country(shipped_url):
    from api.services.publishing.pages import landing
    from api.storage.db import Database

    database = Database(shipped_url)
    page = landing(database, None, "BY.political_prisoners.viasna")
    unset = landing(database, None)  # no featured series set: the one with the most dates
    database.dispose()
    assert page.featured == "BY.political_prisoners.viasna"
    assert unset.featured is not None and unset.featured.split(".")[1] == "political_prisoners"
    assert len(page.compared) > 1
    assert all(series_id.startswith("BY.") for series_id in page.compared)


def test_the_landing_page_lists_the_series_country_by_country(shipped_client):
    html = shipped_client.get("/").get_data(as_text=True)
    headings = re.findall(r'<h3 id="country-(\w+)">([^<]+)</h3>', html)
    assert headings == [
        ("BY", "Belarus"),
        ("CU", "Cuba"),
        ("MM", "Myanmar"),
        ("RU", "Russia"),
        ("VE", "Venezuela"),
    ]
    first_table = html[html.index('id="country-BY"') : html.index('id="country-CU"')]
    assert "BY.political_prisoners.viasna" in first_table


def test_the_landing_batch_chart_keeps_to_the_featured_country(shipped_client):
    html = shipped_client.get("/").get_data(as_text=True)
    assert re.search(r'/v1/releases/chart\.svg\?[^"]*country=BY', html)
    assert re.search(r"Belarus: \d+ of \d+ batches", html)
    assert "<td>Myanmar</td>" in html
