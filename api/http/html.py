"""HTML answers: templates rendered with a Content-Security-Policy on every page.

Scripts come only from the service itself (`script-src 'self'`, no inline script, no
eval: the Vega view runs its CSP-safe expression interpreter instead of `new Function`).
Embed pages may be framed by any site; every other page by none.
"""

from __future__ import annotations

from typing import Any, Final

from flask import Response, g, render_template
from werkzeug.exceptions import HTTPException

from api.errors import ApiError

_POLICY: Final = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
)
PAGE_POLICY: Final = "; ".join((*_POLICY, "frame-ancestors 'none'"))
EMBED_POLICY: Final = "; ".join((*_POLICY, "frame-ancestors *"))
OEMBED_TYPE: Final = "application/json+oembed"


def html_response(
    template: str,
    *,
    frameable: bool = False,
    oembed_url: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """A rendered template with its security headers and, if given, oEmbed discovery."""
    body = render_template(template, oembed_url=oembed_url, **context)
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMBED_POLICY if frameable else PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if not frameable:
        response.headers["X-Frame-Options"] = "DENY"
    if oembed_url:
        response.headers["Link"] = f'<{oembed_url}>; rel="alternate"; type="{OEMBED_TYPE}"'
    return response


def error_page(error: Exception) -> Response:
    """An error on an HTML page, as a page a person can read (APIs keep problem+json)."""
    if isinstance(error, ApiError):
        status, title, detail = error.status, error.title, error.detail
    elif isinstance(error, HTTPException):
        status, title = error.code or 500, error.name
        detail = _webargs_detail(error) or error.description or title
    else:
        raise error
    g.pop("dataset_revision", None)
    return html_response("error.html", status=status, title=title, detail=detail)


def _webargs_detail(error: HTTPException) -> str | None:
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    fields = {k: v for location in messages.values() for k, v in location.items()}
    return "; ".join(f"{name}: {' '.join(map(str, text))}" for name, text in fields.items()) or None
