"""Stable ids: an old id of a renamed series or source answers `301` with the new address.

A 404 for a path that names a series or source (`/v1/series/{series_id}/...`,
`/v1/sources/{source_id}`) looks the id up among the renames up to the asked revision; a
service that meets old ids in a query argument (`/v1/compare?series=...`) raises `Renamed`.
Either way the answer is a redirect to the same request with the current ids, so every
address ever published keeps working.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, json, request, url_for

from api.errors import NotFound, Renamed
from api.http.middleware.problems import from_api_error
from api.http.responses import database
from api.services.reads import aliases

PATH_IDS = (("series_id", "series"), ("source_id", "source"))
LISTED_IDS = {"series": ("series",), "source": ("source",)}


def redirect_renamed_path(error: NotFound) -> Response:
    """A 301 when the path names an old id of a renamed series or source; else the 404."""
    view_args = dict(request.view_args or {})
    for argument, kind in PATH_IDS:
        old_id = view_args.get(argument)
        if not isinstance(old_id, str):
            continue
        found = aliases.renamed_to(database(), kind, old_id, request.args.get("as_of"))
        if found:
            revision, new_id = found
            g.dataset_revision = revision
            view_args[argument] = new_id
            return _moved(f"{kind} {old_id!r} is now {new_id!r}", view_args, _query())
    return from_api_error(error)


def redirect_renamed_arguments(error: Renamed) -> Response:
    """A 301 to the same request with the old ids in its query arguments replaced."""
    g.dataset_revision = error.revision
    query = _query()
    for name in LISTED_IDS.get(error.kind, ()):
        query[name] = [_renamed_list(value, error.renames) for value in query.get(name, [])]
    return _moved(error.detail, dict(request.view_args or {}), query)


def _renamed_list(value: str, renames: dict[str, str]) -> str:
    return ",".join(renames.get(part.strip(), part.strip()) for part in value.split(","))


def _query() -> dict[str, Any]:
    return request.args.to_dict(flat=False)


def _moved(detail: str, view_args: dict[str, Any], query: dict[str, Any]) -> Response:
    location = url_for(str(request.endpoint), **view_args, **query, _external=True)
    body = {"title": "Moved Permanently", "status": 301, "detail": detail, "location": location}
    response = Response(json.dumps(body), status=301, mimetype="application/json")
    response.headers["Location"] = location
    return response


def register(app: Flask) -> None:
    """Install the redirects (more specific than the problem handler for ApiError)."""
    app.register_error_handler(NotFound, redirect_renamed_path)
    app.register_error_handler(Renamed, redirect_renamed_arguments)
