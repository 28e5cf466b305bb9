"""The API contract as clients read it: a valid OpenAPI 3.1 document that lists every argument
each operation accepts, and a generated client that works against a live server."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import flask_smorest
import pytest
from openapi_spec_validator import validate

from bench.live_server import free_port, wait_until_up
from tests.conftest import make_app

QUERY = ("query", "querystring")


def test_the_document_is_valid_openapi(client):
    validate(client.get("/v1/openapi.json").get_json())


def _openapi_path(rule: str) -> str:
    for converter in ("<int:", "<"):
        rule = rule.replace(converter, "{")
    return rule.replace(">", "}")


def _accepted(view: object) -> set[str]:
    """The query arguments a view's schemas accept (flask-smorest keeps them on the view)."""
    documented = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    names: set[str] = set()
    for entry in documented:
        if entry.get("in") in QUERY:
            schema = entry["schema"]
            schema = schema() if isinstance(schema, type) else schema
            names |= {f.data_key or name for name, f in schema.fields.items()}
    return names


def _operations(app) -> list[tuple[str, str, object]]:
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            handler = getattr(getattr(view, "view_class", None), method.lower(), view)
            found.append((_openapi_path(rule.rule), method.lower(), handler))
    return found


def test_every_operation_documents_the_arguments_it_accepts(app, client):
    spec = client.get("/v1/openapi.json").get_json()
    checked = 0
    for path, method, handler in _operations(app):
        operation = spec["paths"].get(path, {}).get(method)
        if operation is None:
            continue  # pages, embeds and health checks are not in the document
        listed = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        accepted = _accepted(handler)
        if path.endswith(".csv"):
            accepted.discard("format")  # the suffix says CSV
        assert listed == accepted, (method, path)
        checked += 1
    assert checked > 40


def test_catalog_reads_list_their_filters_and_the_language_header(client):
    spec = client.get("/v1/openapi.json").get_json()
    params = {
        path: {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        for path in ("/v1/sources", "/v1/series", "/v1/series/{series_id}")
    }
    assert params["/v1/series"] >= {"as_of", "country", "measure", "source", "source_kind"}
    assert all("Accept-Language" in names and "as_of" in names for names in params.values())


def test_partial_dates_have_a_schema_and_csv_paths_do_not_offer_format(client):
    spec = client.get("/v1/openapi.json").get_json()
    query = spec["paths"]["/v1/series/{series_id}/observations"]["get"]["parameters"]
    start = next(p for p in query if p["name"] == "start")
    assert start["schema"]["type"] == "string" and start["schema"]["pattern"]
    for path, operations in spec["paths"].items():
        if path.endswith(".csv"):
            names = {p["name"] for p in operations["get"]["parameters"]}
            assert "format" not in names, path


def test_the_overridden_flask_smorest_internal_is_still_called():
    """`Api._register_responses` overrides a private method: this fails if it goes away."""
    assert importlib.metadata.version("flask-smorest").startswith("0.47.")
    source = inspect.getsource(flask_smorest.spec.APISpecMixin._init_spec)
    assert "self._register_responses()" in source


@pytest.mark.slow
def test_a_generated_client_calls_three_operations(fixture_url, tmp_path: Path):
    """openapi-python-client builds a client from the document; it reads a live server."""
    spec = make_app(fixture_url).test_client().get("/v1/openapi.json")
    (tmp_path / "openapi.json").write_text(json.dumps(spec.get_json()))
    generate = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        "openapi.json",
        "--output-path",
        "generated",
        "--meta",
        "none",
    ]
    path = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"  # it runs ruff on its code
    result = subprocess.run(
        generate,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": path},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "api:create_app()", "run", "--port", str(port)],
        env={**os.environ, "DATABASE_URL": fixture_url, "RATELIMIT_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        sys.path.insert(0, str(tmp_path))
        generated = importlib.import_module("generated")
        client = generated.Client(base_url=f"http://127.0.0.1:{port}")
        api = importlib.import_module("generated.api")
        series = _call(api, client, "catalog", "get_v1_series")
        assert series["data"], series
        sources = _call(api, client, "catalog", "get_v1_sources")
        assert {s["id"] for s in sources["data"]} >= {"alpha", "beta"}
        revisions = _call(api, client, "history", "get_v1_revisions")
        assert [r["id"] for r in revisions["data"]] == [2, 1]
    finally:
        server.terminate()
        server.wait(timeout=10)
        sys.path.remove(str(tmp_path))


def _call(api, client, tag: str, name: str) -> dict:
    module = importlib.import_module(f"{api.__name__}.{tag}.{name}")
    response = module.sync_detailed(client=client)
    assert response.status_code == 200, response
    return json.loads(response.content)
