"""The one exception the client raises: an RFC 9457 problem, or a request that got no answer.

    ApiError        status, title, detail, errors, type, url
                    (status is None when the service could not be reached at all)

Every answer of the service that is not a success is a problem+json object; its fields are
kept as they came, so `error.errors` maps each bad argument (or CSV line and column) to its
messages.
"""

from __future__ import annotations

import json
from typing import Any

import httpx


class ApiError(Exception):
    """An error answer of the service (or no answer), with the problem+json fields."""

    def __init__(
        self,
        title: str,
        detail: str,
        status: int | None = None,
        errors: dict[str, Any] | None = None,
        type: str = "about:blank",
        url: str | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {detail}" if status else f"{title}: {detail}")
        self.title = title
        self.detail = detail
        self.status = status
        self.errors = errors or {}
        self.type = type
        self.url = url

    def __repr__(self) -> str:
        return f"ApiError(status={self.status!r}, title={self.title!r}, detail={self.detail!r})"


def error_from(response: httpx.Response) -> ApiError:
    """The problem an error answer carries (a plain one when the body is not problem+json)."""
    url = str(response.request.url)
    try:
        problem = json.loads(response.read())
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        text = response.text.strip()[:500] or response.reason_phrase
        return ApiError(response.reason_phrase, text, response.status_code, url=url)
    return ApiError(
        title=str(problem.get("title") or response.reason_phrase),
        detail=str(problem.get("detail") or ""),
        status=int(problem.get("status") or response.status_code),
        errors=problem.get("errors") if isinstance(problem.get("errors"), dict) else None,
        type=str(problem.get("type") or "about:blank"),
        url=url,
    )


def unreachable(error: httpx.TransportError, url: str) -> ApiError:
    """A request that got no answer (refused, timed out, cut off)."""
    return ApiError("Service unreachable", f"{type(error).__name__}: {error}", url=url)
