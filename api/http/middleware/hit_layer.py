"""The response cache as a WSGI layer: stored answers go out before Flask is entered.

A cached answer needs no routing, no hooks and no view: only its key (the request's words
and the newest revision, see `cache_keys`) and the entry. So this layer, just inside
ProxyFix, answers a hit itself — the stored status, headers and (possibly compressed) body,
a fresh `X-Request-Id`, one access log line and the same metrics as any request — and a
matching `If-None-Match` with 304.

Everything else goes to Flask. When Flask's after-hook marks an answer as storable (a 200
of a GET for the key's revision, see `caching.after`), the layer keeps the final bytes,
exactly as they left, under the key and the client's `Accept-Encoding`.

With rate limits on, every request must be counted, so hits are answered by Flask's
before-hook from the same entries instead (`caching.before`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from api.http.middleware import observability
from api.http.middleware.answer_store import AnswerStore, Entry
from api.http.middleware.cache_keys import CacheKey, key_for, matches
from api.http.middleware.security import hostile_address
from api.storage.db import Database

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

KEY = "prisoner_counts.cache_key"  # the request's CacheKey, for Flask's hooks
STORE = "prisoner_counts.cache_store"  # set by Flask's after-hook: the endpoint to store as
LOOKED = "prisoner_counts.cache_looked"  # the layer looked the key up and found nothing
UNCACHED_PREFIXES = ("/v1/redactions", "/metrics", "/healthz", "/readyz", "/static/", "/guide")
# Headers that belong to one request, never to the stored answer.
PER_REQUEST = {"x-request-id", "date", "server", "retry-after"}
PER_REQUEST_PREFIXES = ("x-ratelimit", "ratelimit")
NOT_IN_304 = {"content-length", "content-type", "content-encoding", "content-disposition"}


def cacheable(environ: Environ) -> bool:
    """A read the response cache may answer or store."""
    return environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get(
        "PATH_INFO", ""
    ).startswith(UNCACHED_PREFIXES)


def stored_key(key: CacheKey, environ: Environ) -> str:
    """Entries differ by encoding too: the body may be gzip or br."""
    return f"{key.key}|{environ.get('HTTP_ACCEPT_ENCODING', '')}"


class HitLayer:
    """WSGI middleware around Flask's `wsgi_app`."""

    def __init__(self, inner: WsgiApp, app: Flask, store: AnswerStore) -> None:
        self.inner = inner
        self.app = app
        self.store = store
        self.database: Database = app.extensions["database"]
        self.answers_hits = not app.config.get("RATELIMIT_ENABLED", True)
        self.max_query = int(app.config["MAX_QUERY_LENGTH"])

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not cacheable(environ) or self._refused(environ):
            return self.inner(environ, start_response)
        started = time.perf_counter()
        try:
            key = key_for(environ, self.database)
        except Exception:  # noqa: BLE001 - the database is down: Flask answers with a problem
            return self.inner(environ, start_response)
        if key is None:
            return self.inner(environ, start_response)
        environ[KEY] = key
        where = stored_key(key, environ)
        if self.answers_hits:
            entry = self.store.get(where)
            if entry is not None:
                return self._answer(environ, start_response, entry, key, started)
            environ[LOOKED] = True
        return self._through(environ, start_response, where)

    def _refused(self, environ: Environ) -> bool:
        """An address Flask's checks refuse (too long, NUL): Flask answers it, never the cache."""
        query = environ.get("QUERY_STRING", "").encode("latin-1", "replace")
        return hostile_address(environ.get("PATH_INFO", ""), query, self.max_query) is not None

    def _answer(
        self,
        environ: Environ,
        start_response: StartResponse,
        entry: Entry,
        key: CacheKey,
        started: float,
    ) -> Iterable[bytes]:
        rid = observability.request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        if matches(environ.get("HTTP_IF_NONE_MATCH", ""), key.etag):
            status, body = "304 NOT MODIFIED", b""
            headers = [h for h in entry.headers if h[0].lower() not in NOT_IN_304]
        else:
            status, headers = entry.status, list(entry.headers)
            body = b"" if environ["REQUEST_METHOD"] == "HEAD" else entry.body
        headers.append(("X-Request-Id", rid))
        start_response(status, headers)
        line = observability.AccessLine(
            rid,
            entry.endpoint,
            environ["REQUEST_METHOD"],
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            int(status[:3]),
            len(body),
            environ.get("REMOTE_ADDR"),
            environ.get("HTTP_USER_AGENT", ""),
        )
        metrics = observability.app_metrics(self.app)
        observability.record(metrics, line, time.perf_counter() - started)
        return [body]

    def _through(self, environ: Environ, start_response: StartResponse, where: str) -> Any:
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, *exc)

        result = self.inner(environ, capture)
        endpoint = environ.get(STORE)
        if not endpoint or environ["REQUEST_METHOD"] != "GET" or not sent:
            return result
        status, headers = sent
        if not status.startswith("200") or any(h[0].lower() == "set-cookie" for h in headers):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        kept = [h for h in headers if not _per_request(h[0])]
        self.store.set(where, Entry(status, kept, body, endpoint))
        return [body]


def _per_request(name: str) -> bool:
    lowered = name.lower()
    return lowered in PER_REQUEST or lowered.startswith(PER_REQUEST_PREFIXES)
