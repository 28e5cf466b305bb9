"""/guide/ serves the built documentation site; its CSP allows only the pages' inline scripts."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from flask.testing import FlaskClient

PAGE = (
    b"<!doctype html><html><head><script>var a=1</script></head><body>Journalists"
    b'<script src="x.js"></script><script>var b=2</script></body></html>'
)


def sha(script: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "guides").mkdir()
    (tmp_path / "index.html").write_bytes(b"<!doctype html><title>Home</title><p>Guide home</p>")
    (tmp_path / "guides" / "journalists.html").write_bytes(PAGE)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def guide(configured_app, site: Path) -> FlaskClient:
    return configured_app(GUIDE_DIR=str(site)).test_client()


def test_the_folder_answers_with_its_index_page(guide: FlaskClient) -> None:
    answer = guide.get("/guide/")
    assert answer.status_code == 200
    assert answer.get_data() == b"<!doctype html><title>Home</title><p>Guide home</p>"
    assert answer.mimetype == "text/html"
    assert guide.get("/guide").status_code == 308
    assert guide.get("/guide").headers["Location"].endswith("/guide/")


def test_a_page_allows_exactly_its_inline_scripts_by_hash(guide: FlaskClient) -> None:
    answer = guide.get("/guide/guides/journalists.html")
    assert answer.status_code == 200 and b"Journalists" in answer.get_data()
    policy = answer.headers["Content-Security-Policy"]
    assert f"script-src 'self' {sha(b'var a=1')} {sha(b'var b=2')};" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["Cache-Control"] == "public, max-age=300"


def test_scripts_are_sent_as_they_are(guide: FlaskClient) -> None:
    answer = guide.get("/guide/search/search_index.js")
    assert answer.status_code == 200
    assert answer.get_data(as_text=True) == "var __index = {}"
    assert "javascript" in answer.mimetype


@pytest.mark.parametrize(
    "path",
    [
        "/guide/nothing.html",
        "/guide/../instance",
        "/guide/%2e%2e/README.md",
        "/guide/" + "x" * 300,  # longer than a file name can be: was a 500 (ENAMETOOLONG)
    ],
)
def test_a_missing_page_or_a_path_outside_the_site_is_404(guide: FlaskClient, path: str) -> None:
    assert guide.get(path).status_code == 404


def test_an_unbuilt_guide_says_how_to_build_it(configured_app, tmp_path: Path) -> None:
    client = configured_app(GUIDE_DIR=str(tmp_path / "none")).test_client()
    answer = client.get("/guide/", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert "make guide" in answer.get_data(as_text=True)


def test_a_page_is_revalidated_by_its_etag(guide: FlaskClient) -> None:
    first = guide.get("/guide/guides/journalists.html")
    again = guide.get(
        "/guide/guides/journalists.html", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.get_data() == b""
