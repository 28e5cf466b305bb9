"""Requests to the service: one answer, or every page of one, with the revision it is for.

A `Session` owns the httpx client (with its cache) that a `Client` and the clients it pins
share. `get` sends one GET and raises `ApiError` on any error answer; `pages` follows the
`Link: rel="next"` header until the last page (the service pins every next link to the
first page's revision, so a walk never mixes two revisions).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from prisoner_counts._errors import error_from, unreachable
from prisoner_counts._transport import Sleep, cached_stack
from prisoner_counts._version import __version__

REVISION_HEADER = "X-Dataset-Revision"
Params = Mapping[str, str | int | None]


@dataclass(frozen=True)
class Answer:
    """One successful answer: its body, the revision it is for and the URL that was asked."""

    url: str
    revision: int | None
    content: bytes
    content_type: str
    next_url: str | None
    from_cache: bool

    @property
    def text(self) -> str:
        """The body as text (the service always writes UTF-8)."""
        return self.content.decode("utf-8-sig")


class Session:
    """The HTTP side of a client: base URL, token, cache, retries and errors."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 60.0,
        cache_dir: str | Path | None = None,
        retries: int = 4,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        headers = {"User-Agent": f"prisoner-counts-client/{__version__} httpx/{httpx.__version__}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=timeout,
            transport=cached_stack(transport, cache_dir, retries, sleep or time.sleep),
            follow_redirects=True,  # a renamed series answers 301 to its new id
        )

    def get(self, path: str, params: Params, pinned: bool, accept: str | None = None) -> Answer:
        """One GET; from the cache only when `pinned` (as_of given), else revalidated."""
        headers = {} if pinned else {"Cache-Control": "no-cache"}
        if accept:
            headers["Accept"] = accept
        query = {k: str(v) for k, v in params.items() if v is not None}
        return self._send(self.http.build_request("GET", path, params=query, headers=headers))

    def pages(self, path: str, params: Params, pinned: bool) -> Iterator[Answer]:
        """The first page and every page its `Link: rel="next"` headers lead to."""
        answer = self.get(path, params, pinned)
        yield answer
        while answer.next_url:
            # Next links carry as_of=<revision of the first page>: they are pinned.
            request = self.http.build_request("GET", answer.next_url)
            answer = self._send(request)
            yield answer

    def post(self, path: str, params: Params, body: bytes, content_type: str) -> Answer:
        """One POST (never cached; a write needs the client's token)."""
        query = {k: str(v) for k, v in params.items() if v is not None}
        headers = {"Content-Type": content_type}
        request = self.http.build_request("POST", path, params=query, content=body, headers=headers)
        return self._send(request)

    def _send(self, request: httpx.Request) -> Answer:
        try:
            response = self.http.send(request)
        except httpx.TransportError as error:
            raise unreachable(error, str(request.url)) from error
        try:
            if response.status_code >= 400:
                raise error_from(response)
            content = response.read()
        finally:
            response.close()
        status: Mapping[str, Any] = response.extensions.get("caching") or {}
        return Answer(
            url=str(request.url),
            revision=_revision(response.headers.get(REVISION_HEADER)),
            content=content,
            content_type=response.headers.get("Content-Type", ""),
            next_url=(response.links.get("next") or {}).get("url"),
            from_cache=bool(status.get("from_cache")),
        )

    def close(self) -> None:
        """Close the connections and the cache."""
        self.http.close()


def _revision(header: str | None) -> int | None:
    return int(header) if header and header.strip().isdigit() else None
