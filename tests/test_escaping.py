"""Text from the data is untrusted: titles, names and quotes show as text everywhere."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from datasets.loader import load_pending
from tests.conftest import database_of

TITLE = """Held "><script>alert('title')</script>"""
SOURCE = 'Evil & <script>alert("source")</script> Co'
QUOTE = """<script>alert("quote")</script> ]]> --> </script><!-- 5 held"""
PUBLISHER = "<img src=x onerror=alert(2)>"
DOC_TITLE = "</script><script>alert(1)</script>"
DOC_URL = 'https://evil.test/?q="><script>alert(3)</script>'
BATCH = "<script>alert('batch')</script>"
SERIES = "XX.political_prisoners.evil"
FLOW = "XX.released.evil"
HOSTILE = re.compile(r"<script>alert|<img src=x|</script><script", re.IGNORECASE)


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture()
def hostile_client(empty_app, tmp_path):
    """An app whose only data is made of markup (synthetic, built here)."""
    folder = tmp_path / "0001-hostile"
    folder.mkdir()
    (folder / "changeset.json").write_text(
        json.dumps({"message": "synthetic", "author": "test", "created_at": "2024-07-01T00:00:00Z"})
    )
    write(
        folder / "sources.csv",
        [{"id": "evil", "name": SOURCE, "kind": "press", "homepage": "", "description": ""}],
    )
    common = {
        "country": "XX",
        "source_id": "evil",
        "unit": "persons",
        "method_note": QUOTE,
        "licence": "CC-BY-4.0",
    }
    write(
        folder / "series.csv",
        [
            {
                "id": SERIES,
                "measure": "political_prisoners",
                "kind": "stock",
                "title": TITLE,
                **common,
            },
            {"id": FLOW, "measure": "released", "kind": "flow", "title": TITLE, **common},
        ],
    )
    write(
        folder / "documents.csv",
        [
            {
                "url": DOC_URL,
                "title": DOC_TITLE,
                "publisher": PUBLISHER,
                "published_at": "2024-01-02",
                "language": "en",
                "archive_url": "",
            },
        ],
    )
    write(
        folder / "releases.csv",
        [
            {
                "release_id": "XX-2024-01-01",
                "date": "2024-01-01",
                "country": "XX",
                "category": "political_prisoners",
                "mechanism": "pardon",
                "brokered_by": BATCH,
                "title": BATCH,
                "note": "",
            },
        ],
    )
    claim = {
        "period_start": "",
        "status": "reported",
        "primary": "false",
        "reported_by": PUBLISHER,
        "document_url": DOC_URL,
        "quote": QUOTE,
        "note": QUOTE,
    }
    write(
        folder / "observations.csv",
        [
            {
                "series_id": SERIES,
                "date": "2024-01-01",
                "value": "5",
                "qualifier": "exact",
                "release_id": "",
                **claim,
            },
            {
                "series_id": SERIES,
                "date": "2024-01-01",
                "value": "6",
                "qualifier": "about",
                "release_id": "",
                **claim,
            },
            {
                "series_id": FLOW,
                "date": "2024-01-01",
                "value": "2",
                "qualifier": "at_least",
                "release_id": "XX-2024-01-01",
                **claim,
            },
        ],
    )
    load_pending(database_of(empty_app), tmp_path)
    return empty_app.test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/series/{SERIES}",
        f"/series/{FLOW}",
        f"/embed/series/{SERIES}",
        "/embed/releases",
        f"/embed/compare?series={SERIES},{FLOW}",
    ],
)
def test_html_pages_show_markup_as_text(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert HOSTILE.findall(html) == []
    assert "&lt;script&gt;alert" in html or "\\u003cscript\\u003ealert" in html


def test_spec_inside_the_page_cannot_close_its_script_element(hostile_client):
    html = hostile_client.get(f"/embed/series/{SERIES}").get_data(as_text=True)
    block = html.split('<script type="application/json" id="chart-spec">')[1].split("</script>")[0]
    spec = json.loads(block)
    assert {d["Quote"] for d in spec["data"]["values"]} == {QUOTE}
    assert spec["title"]["text"] == TITLE


def test_svg_escapes_text_and_holds_no_script(hostile_client):
    for url in (f"/v1/series/{SERIES}/chart.svg", "/v1/releases/chart.svg"):
        svg = hostile_client.get(url).data
        assert b"<script" not in svg.lower()
        root = ET.fromstring(svg)
        assert root.find("{http://www.w3.org/2000/svg}title").text in (
            TITLE,
            "Release batches: how many people each source says were released",
        )


def test_links_keep_their_address_but_not_break_out_of_attributes(hostile_client):
    html = hostile_client.get(f"/series/{SERIES}").get_data(as_text=True)
    assert 'href="https://evil.test/?q=&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in html


def test_oembed_html_is_escaped(hostile_client):
    url = f"http://localhost/embed/series/{SERIES}"
    answer = hostile_client.get("/oembed", query_string={"url": url}).get_json()
    assert "<script" not in answer["html"]
    assert (
        'title="Held &#34;&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"'
        in answer["html"]
    )
