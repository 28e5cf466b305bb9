"""Every internal link on every page answers 2xx, in the format its label names."""

from __future__ import annotations

import html.parser
import urllib.parse

SERIES = "XX.political_prisoners.alpha"
PAGES = (
    "/",
    f"/series/{SERIES}",
    f"/embed/series/{SERIES}",
    "/embed/releases",
    f"/embed/compare?series={SERIES},XX.released.alpha",
    "/docs",
    "/?as_of=1",
)
LABELLED = {"JSON": "json", "CSV": "csv", "SVG": "svg", "PNG": "png"}


class Links(html.parser.HTMLParser):
    """The (href, text) of every <a> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.found.append((self._href, self._text.strip()))
        if tag == "a":
            self._href = None


def internal_links(client, page: str) -> list[tuple[str, str]]:
    response = client.get(page)
    assert response.status_code == 200, page
    parser = Links()
    parser.feed(response.get_data(as_text=True))
    base = "http://localhost"
    links = []
    for href, label in parser.found:
        url = urllib.parse.urljoin(base + page, href)
        if url.startswith(base) and "#" not in href[:1]:
            links.append((url[len(base) :], label))
    return links


def broken(client, links: set[tuple[str, str]]) -> list[tuple[str, str, int, str]]:
    """The links that fail or answer another format than their label names."""
    found = []
    for path, label in sorted(links):
        response = client.get(path)
        wanted = LABELLED.get(label.upper())
        if response.status_code >= 400 or (wanted and wanted not in response.mimetype):
            found.append((path, label, response.status_code, response.mimetype))
    return found


def test_every_internal_link_answers_in_the_format_it_names(client):
    links = {link for page in PAGES for link in internal_links(client, page)}
    assert broken(client, links) == []
    labels = {label.upper() for _, label in links}
    assert {"JSON", "CSV"} <= labels and len(links) > 20


def test_the_check_finds_a_json_label_on_a_csv_address_and_a_dead_link(client):
    wrong = {(f"/v1/series/{SERIES}/observations.csv", "JSON"), ("/v1/nowhere", "docs")}
    assert [(path, label) for path, label, _, _ in broken(client, wrong)] == [
        ("/v1/nowhere", "docs"),
        (f"/v1/series/{SERIES}/observations.csv", "JSON"),
    ]
