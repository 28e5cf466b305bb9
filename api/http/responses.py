"""Turning service results into answers: envelopes, CSV files, Link and revision headers."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, current_app, g, request, url_for

from api.http import languages
from api.http.addresses import base_url
from api.render.csv import render_csv
from api.render.csv_stream import csv_chunks
from api.services.results import Item, Page
from api.storage.db import Database

REVISION_HEADER = "X-Dataset-Revision"
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]")


def database() -> Database:
    """The app's database."""
    db: Database = current_app.extensions["database"]
    return db


def item_envelope(item: Item[Any]) -> dict[str, Any]:
    """`{"revision": r, "data": {...}}`, and the revision header."""
    g.dataset_revision = item.revision
    return {"revision": item.revision, "data": item.data}


def revision_of(page: Page[Any]) -> int:
    """The page's revision, also for the answer's `X-Dataset-Revision` header."""
    g.dataset_revision = page.revision
    return page.revision


def list_envelope(page: Page[Any], **extra: Any) -> dict[str, Any]:
    """`{"revision": r, "offset", "limit", "next", "data": [...]}`, and Link/revision headers."""
    g.dataset_revision = page.revision
    next_url = _next_page_url(page) if page.has_more else None
    if next_url:
        g.link_next = next_url
    return {
        "revision": page.revision,
        **extra,
        "offset": page.offset,
        "limit": page.limit,
        "next": next_url,
        "data": page.data,
    }


def csv_response(page: Page[Any], columns: tuple[str, ...], rows: Any, name: str) -> Response:
    """A CSV file named after what it holds and the revision."""
    g.dataset_revision = page.revision
    response = Response(render_csv(rows, columns), mimetype="text/csv")
    response.headers["Content-Disposition"] = disposition(
        "attachment", f"{name}.r{page.revision}.csv"
    )
    if page.has_more:
        g.link_next = _next_page_url(page)
    return response


def disposition(kind: str, filename: str) -> str:
    """`attachment; filename="…"` with a name any client and header holds: a series id
    stored with a line break made every CSV of its series a 500."""
    return f'{kind}; filename="{_UNSAFE_IN_NAMES.sub("_", filename)}"'


def _next_page_url(page: Page[Any]) -> str:
    """The same query, one page on, pinned to the revision of this page."""
    args = request.args.to_dict()
    args.update(offset=str(page.offset + (page.limit or 0)), as_of=str(page.revision))
    if page.limit is not None:
        args["limit"] = str(page.limit)
    view_args = request.view_args or {}
    values: dict[str, Any] = {**view_args, **args}
    path = url_for(str(request.endpoint), **values)
    return base_url() + path.removeprefix(request.script_root)


def _add_headers(response: Response) -> Response:
    revision = g.get("dataset_revision")
    if revision is not None:
        response.headers[REVISION_HEADER] = str(revision)
    link = g.get("link_next")
    if link:
        response.headers["Link"] = f'<{link}>; rel="next"'
    if g.get("vary_accept"):
        response.vary.add("Accept")
    return languages.add_headers(response)


def register(app: Flask) -> None:
    """Add the revision, Link and language headers to every answer that set them."""
    app.after_request(_add_headers)


def streamed_csv_response(
    revision: int, columns: tuple[str, ...], rows: Any, name: str
) -> Response:
    """A CSV file written while its rows are read (for exports of any size)."""
    g.dataset_revision = revision
    response = Response(csv_chunks(rows, columns), mimetype="text/csv")
    response.headers["Content-Disposition"] = disposition("attachment", f"{name}.r{revision}.csv")
    return response
