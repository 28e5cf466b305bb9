"""/v1/series/{id}/chart.*, /v1/compare/chart.*, /v1/releases/chart.* on the fixture data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from datasets.loader import load_pending
from tests.conftest import FIXTURES, database_of

SERIES = "XX.political_prisoners.alpha"
URL = f"/v1/series/{SERIES}/chart"
SVG = "{http://www.w3.org/2000/svg}"


def revision_date(client, revision: int) -> str:
    return client.get(f"/v1/revisions/{revision}").get_json()["data"]["created_at"][:10]


def test_vega_lite_spec_has_every_claim_inline_and_the_attribution(client):
    response = client.get(f"{URL}.vl.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Dataset-Revision"] == "2"
    spec = response.get_json()
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    ids = [d["id"] for d in spec["data"]["values"]]
    assert ids == [7, 1, 2, 3, 4, 8]
    assert spec["title"]["subtitle"] == [
        "Counted by Alpha Watch (synthetic); via Daily Test and Weekly Test",
        f"Prisoner Counts API · revision 2, {revision_date(client, 2)} · data CC-BY-4.0",
        "Line: exact values only; rings: bounds and estimates",
    ]
    assert spec["usermeta"] == {"revision": 2, "tags": [], "series": [SERIES]}


def test_preferred_claims_only_and_a_period(client):
    spec = client.get(f"{URL}.vl.json", query_string={"claims": "preferred"}).get_json()
    assert [d["id"] for d in spec["data"]["values"]] == [7, 1, 3, 8]
    spec = client.get(
        f"{URL}.vl.json", query_string={"start": "2024-02", "end": "2024-02"}
    ).get_json()
    assert [d["id"] for d in spec["data"]["values"]] == [3, 4]


def test_as_of_pins_the_chart_and_says_so(client):
    response = client.get(f"{URL}.vl.json", query_string={"as_of": "1"})
    assert response.headers["X-Dataset-Revision"] == "1"
    spec = response.get_json()
    assert 8 not in [d["id"] for d in spec["data"]["values"]]
    assert spec["title"]["subtitle"][1].startswith("Prisoner Counts API · as of revision 1")


def test_svg_is_xml_with_title_desc_and_attribution(client):
    response = client.get(f"{URL}.svg", query_string={"width": 500, "height": 300})
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Disposition"] == f'inline; filename="{SERIES}.r2.svg"'
    assert (
        response.headers["Content-Security-Policy"]
        == "default-src 'none'; style-src 'unsafe-inline'"
    )
    root = ET.fromstring(response.data)
    assert root.get("width") == "500" and root.get("height") == "300"
    title, desc = list(root)[:2]
    assert (title.tag, title.text) == (f"{SVG}title", "Political prisoners per Alpha")
    assert desc.tag == f"{SVG}desc" and desc.text.startswith(
        "Chart of Political prisoners per Alpha: 6 claims"
    )
    assert b"Counted by Alpha Watch (synthetic)" in response.data


def test_png_is_a_png_of_the_asked_size(client):
    response = client.get(f"{URL}.png", query_string={"width": 400, "height": 250, "theme": "dark"})
    assert response.mimetype == "image/png"
    assert response.data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(response.data[16:20]), int.from_bytes(response.data[20:24])
    assert (width, height) == (400, 250)


def test_compare_chart_of_two_series(client):
    series = f"{SERIES},XX.released.alpha"
    response = client.get("/v1/compare/chart.vl.json", query_string={"series": series})
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["usermeta"]["series"] == [SERIES, "XX.released.alpha"]
    labels = {d["series"] for d in spec["data"]["values"]}
    assert labels == {"Political prisoners per Alpha", "Released per Alpha"}
    assert client.get("/v1/compare/chart.svg", query_string={"series": series}).status_code == 200


def test_release_batch_chart(client):
    spec = client.get("/v1/releases/chart.vl.json").get_json()
    bars = [(d["Source"], d["value"], d["Qualifier"]) for d in spec["data"]["values"]]
    assert bars == [
        ("Alpha Watch (synthetic)", 12, "about"),
        ("Beta State Agency (synthetic)", 10, "exact"),
    ]
    assert client.get("/v1/releases/chart.png", query_string={"country": "XX"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "status", "argument"),
    [
        (f"{URL}.svg?width=100", 400, "width"),
        (f"{URL}.svg?theme=pink", 400, "theme"),
        (f"{URL}.svg?strat=2024", 400, "strat"),
        (f"{URL}.png?claims=some", 400, "claims"),
        ("/v1/compare/chart.svg", 400, "series"),
        ("/v1/compare/chart.svg?series=" + ",".join(["a"] * 8), 400, "series"),
    ],
)
def test_bad_arguments_are_named(client, url, status, argument):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert argument in response.get_json()["errors"]


def test_unknown_series_is_404_naming_it(client):
    for url in (
        "/v1/series/XX.nope.x/chart.svg",
        f"/v1/compare/chart.png?series={SERIES},XX.nope.x",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "XX.nope.x" in response.get_json()["detail"]


def test_drawn_charts_are_cached_per_query_and_revision(configured_app):
    app = configured_app()
    client, cache = app.test_client(), app.extensions["chart_cache"]
    first = client.get(f"{URL}.svg").data
    assert len(cache) == 1  # the parsed query at revision 2 (URLs: the response cache)
    assert client.get(f"{URL}.svg").data == first
    assert len(cache) == 1
    assert client.get(f"{URL}.svg?width=640").data == first  # same query, another URL
    assert len(cache) == 1
    client.get(f"{URL}.svg", query_string={"as_of": "1"})  # an earlier revision
    client.get(f"{URL}.svg", query_string={"as_of": "2"})  # says "as of": a drawing of its own
    assert len(cache) == 3
    assert client.get(f"{URL}.svg?width=1").status_code == 400  # errors are never kept
    assert len(cache) == 3


def test_the_cache_can_be_turned_off(configured_app):
    app = configured_app(CHART_CACHE_SIZE=0)
    client = app.test_client()
    assert client.get(f"{URL}.svg").status_code == 200
    assert len(app.extensions["chart_cache"]) == 0


def test_real_viasna_chart_attributes_viasna(shipped_client):
    response = shipped_client.get("/v1/series/BY.political_prisoners.viasna/chart.svg")
    assert response.status_code == 200
    assert b"Counted by Human Rights Centre &quot;Viasna&quot;; via " in response.data
    spec = shipped_client.get("/v1/series/BY.political_prisoners.viasna/chart.vl.json").get_json()
    claims = shipped_client.get(
        "/v1/series/BY.political_prisoners.viasna/observations", query_string={"claims": "all"}
    ).get_json()["data"]
    assert len(spec["data"]["values"]) == len(claims)


@pytest.mark.slow
def test_a_worker_never_loads_the_renderer(fixture_url):
    """vl-convert (a JavaScript runtime, tens of MB) is imported in the drawing child only."""
    script = (
        "import sys\n"
        "from api import create_app\n"
        f"client = create_app({{'TESTING': True, 'DATABASE_URL': {fixture_url!r}}}).test_client()\n"
        f"for url in ('/', '/v1/series', '/embed/series/{SERIES}', '{URL}.vl.json'):\n"
        "    assert client.get(url).status_code == 200, url\n"
        "before = 'vl_convert' in sys.modules\n"
        f"assert client.get('{URL}.svg').status_code == 200\n"
        "print(before, 'vl_convert' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_a_new_revision_is_drawn_at_once(empty_app, tmp_path):
    """The cache is keyed by revision: the next request after a write shows it."""
    folder = tmp_path / "changesets"
    shutil.copytree(FIXTURES / "0001-base", folder / "0001-base")
    load_pending(database_of(empty_app), folder)
    client = empty_app.test_client()
    before = client.get(f"{URL}.vl.json")
    assert before.headers["X-Dataset-Revision"] == "1"
    assert client.get(f"{URL}.vl.json").data == before.data  # now from the cache
    shutil.copytree(FIXTURES / "0002-more", folder / "0002-more")
    load_pending(database_of(empty_app), folder)
    after = client.get(f"{URL}.vl.json")
    assert after.headers["X-Dataset-Revision"] == "2"
    assert 8 in [d["id"] for d in after.get_json()["data"]["values"]]
