"""RFC 9457 problem+json answers for every error, raised by us, Flask or webargs."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException, InternalServerError

from api.errors import ApiError

PROBLEM_TYPE = "application/problem+json"


def problem(
    status: int, title: str, detail: str, errors: Any = None, headers: dict[str, str] | None = None
) -> Response:
    """A problem+json response."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_api_error(error: ApiError) -> Response:
    """Our own errors, raised by services and storage (a 503 says when to retry)."""
    retry = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry)} if retry is not None else None
    return problem(error.status, error.title, error.detail, error.errors, headers)


def from_http_exception(error: HTTPException) -> Response:
    """Werkzeug's errors, and webargs' validation errors (422 there, 400 here)."""
    if isinstance(error, InternalServerError):
        return problem(500, "Internal Server Error", "The server failed; the error is logged.")
    data = getattr(error, "data", None) or {}
    errors = _flatten(data.get("messages") or data.get("errors"))
    status = 400 if error.code == 422 else (error.code or 500)
    detail = _validation_detail(errors) if errors else (error.description or error.name)
    headers = dict(error.get_headers()) if status == 405 else {}
    headers.pop("Content-Type", None)
    return problem(status, error.name if status != 400 else "Bad Request", detail, errors, headers)


def register(app: Flask) -> None:
    """Install the handlers (after flask-smorest's, which they replace)."""
    app.register_error_handler(ApiError, from_api_error)
    app.register_error_handler(HTTPException, from_http_exception)
    app.after_request(not_stored)


def not_stored(response: Response) -> Response:
    """Errors carry `Cache-Control: no-store`. Without a word, a 404 is cacheable by
    heuristic (RFC 9111 §4.2.2): a proxy could go on answering 404 for a series created
    since, or a 429 or 503 after the client may read again."""
    if response.status_code >= 400 and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _flatten(messages: Any) -> dict[str, Any] | None:
    """webargs nests messages by location and by field (`{"json": {"observations": {"0":
    {"value": [...]}}}}`); clients want one flat map of dotted paths (`observations.0.value`)."""
    if not isinstance(messages, dict):
        return None
    flat: dict[str, Any] = {}
    for fields in messages.values():
        _walk(fields, "", flat)
    return flat


def _walk(node: Any, path: str, flat: dict[str, Any]) -> None:
    if isinstance(node, dict):
        for key, child in node.items():
            _walk(child, f"{path}.{key}" if path else str(key), flat)
    else:
        flat[path or "_schema"] = node if isinstance(node, list) else [str(node)]


def _validation_detail(errors: dict[str, Any]) -> str:
    parts = []
    for name, messages in errors.items():
        text = "; ".join(messages) if isinstance(messages, list) else str(messages)
        parts.append(f"{name}: {text}")
    return "Invalid argument(s): " + " | ".join(parts)
