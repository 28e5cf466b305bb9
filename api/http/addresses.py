"""The service's own address: the one the request came to, unless PUBLIC_BASE_URL names it.

Behind a proxy or a CDN the request's Host is often an internal name; links, embed
snippets and oEmbed answers must carry the public one, so `PUBLIC_BASE_URL` (e.g.
`https://prisoners.example.org`) wins when set.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import current_app, request, url_for


def base_url() -> str:
    """`scheme://host[:port][/prefix]` of the service, without a trailing slash."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    return request.host_url.rstrip("/") + request.script_root


def absolute_url(endpoint: str, **values: Any) -> str:
    """The public address of an endpoint; None values are left out of the query."""
    path = url_for(endpoint, **{k: v for k, v in values.items() if v is not None})
    return base_url() + path[len(request.script_root) :]


def current_url() -> str:
    """The public address of this request, with its query string."""
    query = request.query_string.decode("latin-1")
    return base_url() + request.path + (f"?{query}" if query else "")


def is_ours(url: str) -> bool:
    """Whether `url` points into this service (scheme, host and port as ours)."""
    ours, theirs = urlsplit(base_url()), urlsplit(url)
    same_origin = (ours.scheme, ours.netloc.lower()) == (theirs.scheme, theirs.netloc.lower())
    return same_origin and theirs.path.startswith(ours.path)


def path_within(url: str) -> str:
    """The part of one of our URLs after the base (`/embed/series/x`)."""
    return urlsplit(url).path[len(urlsplit(base_url()).path) :] or "/"


def with_query(url: str, **values: Any) -> str:
    """`url?key=value&…` for the values that are not None."""
    query = urlencode({k: v for k, v in values.items() if v is not None})
    return f"{url}?{query}" if query else url
