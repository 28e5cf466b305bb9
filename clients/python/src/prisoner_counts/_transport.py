"""The HTTP stack: httpx, hishel's RFC 9111 cache, and retries of 429 and 503.

    httpx.Client
      └── hishel CacheTransport   ETag / Cache-Control (a private cache, SQLite)
            └── RetryTransport    429 and 503 again after Retry-After, else back-off
                  └── httpx.HTTPTransport (or the transport a test gives)

The cache sits above the retries, so it only ever sees final answers. Whether a request may
be answered from the cache is the caller's choice, per request: reads of the latest revision
send `Cache-Control: no-cache`, so the cache revalidates them with `If-None-Match` (a 304
costs no body) and never serves an answer that a new revision made stale; reads pinned with
`as_of` let the service's `immutable, max-age=31536000` decide, so they are served from the
cache without any request.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheTransport

RETRIED = frozenset({429, 503})
Sleep = Callable[[float], None]


class RetryTransport(httpx.BaseTransport):
    """Sends a request again after a 429 or 503, waiting as `Retry-After` says.

    Without `Retry-After` it waits `backoff`, then twice as long each time; no wait is longer
    than `max_wait` seconds. After `retries` more tries the last answer is returned as it is.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        retries: int = 4,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.inner, self.retries, self.backoff = inner, retries, backoff
        self.max_wait, self.sleep = max_wait, sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """The first answer that is not a 429 or 503, or the last one."""
        for attempt in range(self.retries + 1):
            response = self.inner.handle_request(request)
            if response.status_code not in RETRIED or attempt == self.retries:
                return response
            wait = retry_after(response.headers.get("Retry-After"))
            response.read()
            response.close()
            self.sleep(min(self.max_wait, self.backoff * 2**attempt if wait is None else wait))
        raise AssertionError("unreachable")  # the loop always returns

    def close(self) -> None:
        self.inner.close()


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait by a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, (moment - (now or dt.datetime.now(dt.UTC))).total_seconds())


def storage(cache_dir: str | Path | None) -> SqliteStorage:
    """The cache's SQLite store: a file under `cache_dir`, or memory for this process only."""
    if cache_dir is None:
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        return SqliteStorage(connection=memory)
    folder = Path(cache_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(database_path=folder / "http-cache.sqlite")


def cached_stack(
    network: httpx.BaseTransport | None,
    cache_dir: str | Path | None,
    retries: int,
    sleep: Sleep,
) -> httpx.BaseTransport:
    """The cache over the retries over the network."""
    retrying = RetryTransport(network or httpx.HTTPTransport(), retries=retries, sleep=sleep)
    return CacheTransport(retrying, storage=storage(cache_dir), rfc=CacheOptions(shared=False))
