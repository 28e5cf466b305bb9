"""The endpoint reference, written from the app's own OpenAPI document (never by hand).

One page per OpenAPI tag, one section per operation: its summary, arguments, request body,
answers and a link to the same operation in the interactive reference at `/docs`.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

Spec = dict[str, Any]
METHODS = ("get", "post", "patch", "put", "delete")


def load_spec() -> Spec:
    """`/v1/openapi.json` as the app serves it (on an empty, migrated SQLite database)."""
    from api import create_app
    from api.storage import migrate
    from api.storage.db import Database

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'spec.sqlite'}"
        database = Database(url)
        migrate.upgrade(database)
        database.dispose()
        settings = {"TESTING": True, "DATABASE_URL": url, "RATELIMIT_ENABLED": False}
        app = create_app({**settings, "ACCESS_LOG": False})
        spec: Spec = app.test_client().get("/v1/openapi.json").get_json()
        app.extensions["database"].dispose()
    return spec


def operations(spec: Spec) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation, in the document's order."""
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operation = dict(item[method])
                shared = item.get("parameters", [])
                operation["parameters"] = shared + operation.get("parameters", [])
                found.append((method, path, operation))
    return found


def pages(spec: Spec) -> dict[str, str]:
    """Markdown pages by file name (`index.md` and one `<tag>.md` per tag)."""
    tags = [tag["name"] for tag in spec.get("tags", [])]
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {tag: [] for tag in tags}
    for method, path, operation in operations(spec):
        by_tag.setdefault(operation.get("tags", ["other"])[0], []).append((method, path, operation))
    described = {tag["name"]: tag.get("description", tag["name"]) for tag in spec.get("tags", [])}
    written = {"index.md": index_page(spec, by_tag, described)}
    for tag, ops in by_tag.items():
        written[f"{tag}.md"] = tag_page(spec, tag, described.get(tag, tag), ops)
    return written


def page_titles(spec: Spec) -> list[tuple[str, str]]:
    """(title, file name) of each tag page, for the navigation."""
    return [(tag.get("description", tag["name"]), f"{tag['name']}.md") for tag in spec["tags"]]


def index_page(spec: Spec, by_tag: dict[str, list[Any]], described: dict[str, str]) -> str:
    lines = [
        "# Endpoints",
        "",
        "This reference is generated from the service's own OpenAPI document "
        "(`/v1/openapi.json`) each time the site is built, so it lists exactly the endpoints "
        "and arguments the code accepts. Try any of them in the [interactive reference](/docs) "
        "that the service serves at `/docs`.",
        "",
        f"OpenAPI {spec['openapi']}, API version `{spec['info']['version']}`. "
        "Every read takes `as_of`; see the [developer guide](../../guides/developers.md) "
        "for the conventions every endpoint shares.",
        "",
        "| endpoint | what it does |",
        "| --- | --- |",
    ]
    for tag, ops in by_tag.items():
        for method, path, operation in ops:
            link = f"{tag}.md#{anchor(method, path)}"
            lines.append(f"| [`{method.upper()} {path}`]({link}) | {_cell(summary(operation))} |")
    return "\n".join(lines) + "\n"


def tag_page(spec: Spec, tag: str, title: str, ops: list[tuple[str, str, dict[str, Any]]]) -> str:
    lines = [f"# {title}", "", f"Generated from `/v1/openapi.json` (tag `{tag}`).", ""]
    for method, path, operation in ops:
        lines += operation_section(spec, tag, method, path, operation)
    return "\n".join(lines) + "\n"


def operation_section(
    spec: Spec, tag: str, method: str, path: str, operation: dict[str, Any]
) -> list[str]:
    lines = [f"## `{method.upper()} {path}` {{ #{anchor(method, path)} }}", ""]
    lines += [summary(operation), ""]
    if operation.get("description"):
        lines += [operation["description"], ""]
    if operation.get("security"):
        lines += ["Needs a write token: `Authorization: Bearer <token>`.", ""]
    lines += parameter_table(operation.get("parameters", []))
    lines += body_lines(spec, operation.get("requestBody"))
    lines += answer_lines(spec, operation.get("responses", {}))
    deep = f"/docs#/{tag}/{swagger_id(method, path)}"
    lines += [f"[Try it in the interactive reference]({deep})", ""]
    return lines


def parameter_table(parameters: list[dict[str, Any]]) -> list[str]:
    if not parameters:
        return ["No arguments.", ""]
    lines = ["| argument | in | type | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for p in parameters:
        schema = p.get("schema", {})
        name = f"`{p['name']}`" + (" (required)" if p.get("required") else "")
        default = f"`{schema['default']}`" if "default" in schema else ""
        lines.append(
            f"| {name} | {p['in']} | {_cell(type_words(schema))} | {default} "
            f"| {_cell(p.get('description', ''))} |"
        )
    return lines + [""]


def body_lines(spec: Spec, body: dict[str, Any] | None) -> list[str]:
    if not body:
        return []
    lines = []
    for media, content in body.get("content", {}).items():
        schema = content.get("schema", {})
        lines += [f"**Body** (`{media}`): {_cell(schema_name(schema) or type_words(schema))}", ""]
        lines += field_table(spec, schema)
    return lines


def answer_lines(spec: Spec, responses: dict[str, Any]) -> list[str]:
    lines = ["| answer | content |", "| --- | --- |"]
    for status in sorted(responses, key=lambda s: (s == "default", s)):
        response = resolve(spec, responses[status])
        media = ", ".join(
            f"`{kind}`"
            + (f" ({schema_name(c.get('schema', {}))})" if schema_name(c.get("schema", {})) else "")
            for kind, c in response.get("content", {}).items()
        )
        label = "other errors" if status == "default" else f"`{status}`"
        lines.append(
            f"| {label} | {_cell(response.get('description', ''))}{': ' + media if media else ''} |"
        )
    return lines + [""]


def field_table(spec: Spec, schema: dict[str, Any]) -> list[str]:
    """The fields of an object schema, one row each."""
    schema = resolve(spec, schema)
    properties = schema.get("properties", {})
    if not properties:
        return []
    required = set(schema.get("required", []))
    lines = ["| field | type | meaning |", "| --- | --- | --- |"]
    for name, field in properties.items():
        label = f"`{name}`" + (" (required)" if name in required else "")
        lines.append(
            f"| {label} | {_cell(type_words(field))} | {_cell(field.get('description', ''))} |"
        )
    return lines + [""]


def resolve(spec: Spec, node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref`."""
    while "$ref" in node:
        found: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def schema_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"`{schema['$ref'].rsplit('/', 1)[-1]}`"
    if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        return f"list of `{schema['items']['$ref'].rsplit('/', 1)[-1]}`"
    return ""


def type_words(schema: dict[str, Any]) -> str:
    """A short description of a schema's type: `integer` 1–10000, one of `a`, `b`."""
    if schema_name(schema):
        return schema_name(schema)
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"] if value is not None)
    kind = schema.get("type", "text")
    if isinstance(kind, list):
        kind = " or ".join(str(k) for k in kind if k != "null")
    words = str(kind).replace("string", "text")
    if schema.get("format"):
        words += f" ({schema['format']})"
    if "minimum" in schema and "maximum" in schema and schema["maximum"] < 2**31 - 1:
        words += f" {schema['minimum']}–{schema['maximum']}"
    elif "minimum" in schema:
        words += f" ≥ {schema['minimum']}"
    return words


def summary(operation: dict[str, Any]) -> str:
    return str(operation.get("summary") or "").strip()


def anchor(method: str, path: str) -> str:
    """A readable anchor: `get-v1-series-series_id-observations`."""
    return method + "-" + re.sub(r"[^a-z0-9_]+", "-", path.lower()).strip("-")


def swagger_id(method: str, path: str) -> str:
    """Swagger UI's deep-link id of an operation without an operationId."""
    return method + re.sub(r"\W", "_", path)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
