"""The OpenAPI document and the documentation pages cover every endpoint."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def api_rules(app) -> list[str]:
    """Every /v1 route, in OpenAPI's `{name}` form."""
    rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/v1/") and not rule.rule.endswith("openapi.json")
    }
    return sorted(rules)


def test_openapi_is_3_1_and_documents_every_route(client, app):
    spec = client.get("/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert sorted(p for p in spec["paths"] if p.startswith("/v1/")) == api_rules(app)


def test_openapi_documents_problem_responses_and_csv(client):
    spec = client.get("/v1/openapi.json").get_json()
    operation = spec["paths"]["/v1/series/{series_id}/observations"]["get"]
    assert "400" in operation["responses"]
    assert "text/csv" in operation["responses"]["200"]["content"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"as_of", "start", "end", "claims", "format", "limit", "offset"} <= names


def test_the_guide_pages_name_every_endpoint(app):
    """Written pages (not only the generated reference) say what each endpoint is for."""
    text = _any_parameter(" ".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")))
    missing = [rule for rule in api_rules(app) if _any_parameter(rule) not in text]
    assert missing == []


def test_the_readme_shows_the_two_commands_and_points_to_the_guide():
    text = README.read_text(encoding="utf-8")
    assert "make serve" in text and "make test" in text
    assert text.count("\n") < 300
    assert "docs/guides/journalists.md" in text and "/guide/" in text


def test_the_landing_page_links_the_guide_of_every_user(client):
    page = client.get("/").get_data(as_text=True)
    for who in ("journalists", "researchers", "developers", "curators", "operators"):
        assert f'href="/guide/guides/{who}.html"' in page
        assert (DOCS / "guides" / f"{who}.md").is_file()


def _any_parameter(text: str) -> str:
    """`/v1/series/{series_id}` and `/v1/series/{id}` name the same endpoint."""
    return re.sub(r"\{\w+\}", "{}", text)
