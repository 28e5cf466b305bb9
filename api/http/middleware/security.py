"""Response headers that keep browsers safe, and CORS for public reads only.

    every response      X-Content-Type-Options: nosniff, Referrer-Policy
    HTML                Content-Security-Policy (scripts, styles, images from this host
                        only); frame-ancestors 'none' except for embed pages, which any
                        site may frame
    over HTTPS          Strict-Transport-Security
    GET/HEAD/OPTIONS    Access-Control-Allow-Origin: * and the headers clients need
                        exposed; never credentials. Writes get no CORS headers, so a
                        browser on another origin cannot send them.

CORS is written here rather than with flask-cors because the policy depends on the
method (reads open, writes closed) and on nothing else; flask-cors decides by route.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestURITooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1
EXPOSED = "ETag, Link, X-Dataset-Revision, X-Request-Id, Retry-After, Content-Disposition"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; "
    "frame-ancestors {ancestors}"
)


def _is_embed() -> bool:
    return request.path.startswith("/embed/")


def add_security_headers(response: Response) -> Response:
    """Headers every answer carries."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        ancestors = "*" if _is_embed() else "'none'"
        response.headers.setdefault("Content-Security-Policy", CSP.format(ancestors=ancestors))
        if not _is_embed():
            response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def add_cors_headers(response: Response) -> Response:
    """Public reads may be fetched from any origin; writes may not."""
    if request.method not in READ_METHODS:
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def refuse_hostile_addresses() -> None:
    """Before any work: a query string past MAX_QUERY_LENGTH (414), a NUL byte (400)."""
    refusal = hostile_address(
        request.path, request.query_string, current_app.config["MAX_QUERY_LENGTH"]
    )
    if refusal is not None:
        raise refusal


def hostile_address(path: str, query: bytes, max_query: int) -> HTTPException | None:
    """The refusal an address earns, or None (also asked by the cache's hit layer)."""
    if len(query) > max_query:
        return RequestURITooLarge(f"the query string is over {max_query} bytes")
    if "\x00" in path or b"%00" in query or b"\x00" in query:
        return BadRequest("NUL bytes are not allowed in addresses")
    return None


class BoundedInt(IntegerConverter):
    """Integer path segments that a database column can hold; larger ones match nothing."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register(app: Flask) -> None:
    """Install the checks and headers."""
    app.before_request(refuse_hostile_addresses)
    app.after_request(add_security_headers)
    app.after_request(add_cors_headers)


def trust_proxies(app: Flask) -> None:
    """Trust X-Forwarded-* only from the PROXY_COUNT proxies in front (install it last)."""
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
