"""The WSGI layer in front of Flask: rate limits counted, stored answers sent, 304s.

Every request passes here first (inside ProxyFix, so the client's address is known):

1. it is counted against its client's rate limit (`limits`); one over the limit goes on
   to Flask, which answers 429;
2. a cacheable read learns its key (the request's words and the newest revision, see
   `cache_keys`); when the response cache holds the answer, this layer sends it itself —
   the stored status, headers and (possibly compressed) body, the rate-limit headers, a
   fresh `X-Request-Id`, one access log line and the same metrics as any request — or a
   304 when `If-None-Match` names it (`validators.not_modified`);
3. everything else goes to Flask. When Flask's after-hook marks an answer as storable (a
   200 of a GET for the key's revision, see `caching.after`), the layer keeps the final
   bytes, exactly as they left, under the key and the client's `Accept-Encoding`. An
   `If-None-Match: *` that meets a 200 is answered 304 with that 200's validators.

So one path answers hits with rate limits on or off, and routing, hooks and views are
never entered for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from api.http.middleware import encodings, observability
from api.http.middleware.answer_store import AnswerStore, Entry
from api.http.middleware.cache_keys import BUILD, CacheKey, key_for
from api.http.middleware.limits import VERDICT, RateLimits, Verdict, rate_limits
from api.http.middleware.security import hostile_address
from api.http.middleware.validators import any_tag, matching_tag, not_modified
from api.storage.db import Database

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

KEY = "prisoner_counts.cache_key"  # the request's CacheKey, for Flask's hooks
STORE = "prisoner_counts.cache_store"  # set by Flask's after-hook: the endpoint to store as
UNCACHED_PREFIXES = ("/v1/redactions", "/metrics", "/healthz", "/readyz", "/static/", "/guide")
# Headers that belong to one request, never to the stored answer.
PER_REQUEST = {"x-request-id", "date", "server", "retry-after"}
PER_REQUEST_PREFIXES = ("x-ratelimit", "ratelimit")
NOT_MODIFIED = "304 Not Modified"


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

    def __init__(self, inner: WsgiApp, app: Flask, store: AnswerStore | None) -> None:
        self.inner = inner
        self.app = app
        self.store = store
        self.limits: RateLimits | None = rate_limits(app)
        self.database: Database = app.extensions["database"]
        self.build: str = app.config.get("BUILD_FINGERPRINT") or BUILD
        self.max_query = int(app.config["MAX_QUERY_LENGTH"])

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        encodings.drop_refused(environ)
        verdict = None if self.limits is None else self.limits.count(environ)
        if verdict is not None:
            environ[VERDICT] = verdict
            if verdict.refused:
                return self.inner(environ, start_response)
        if not cacheable(environ) or self._refused(environ):
            return self.inner(environ, start_response)
        try:
            key = key_for(environ, self.database, self.build)
        except Exception:  # noqa: BLE001 - the database is down: Flask answers with a problem
            return self.inner(environ, start_response)
        if key is None:
            return self.inner(environ, start_response)
        environ[KEY] = key
        where = stored_key(key, environ)
        entry = None if self.store is None else self.store.get(where)
        if entry is not None:
            return self._answer(environ, start_response, entry, key, verdict, started)
        return self._through(environ, start_response, key, where)

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
        verdict: Verdict | None,
        started: float,
    ) -> Iterable[bytes]:
        rid = observability.request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        if_none_match = environ.get("HTTP_IF_NONE_MATCH", "")
        if if_none_match and (any_tag(if_none_match) or matching_tag(if_none_match, key.etag)):
            status, body = NOT_MODIFIED, b""
            headers = not_modified(key, if_none_match, entry.headers)
        else:
            status, headers = entry.status, list(entry.headers)
            body = b"" if environ["REQUEST_METHOD"] == "HEAD" else entry.body
        headers.append(("X-Request-Id", rid))
        if verdict is not None:
            headers += verdict.headers()
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

    def _through(
        self, environ: Environ, start_response: StartResponse, key: CacheKey, where: str
    ) -> Iterable[bytes]:
        """Flask answers; its answer is stored when marked so, and may turn into a 304."""
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = [status, headers, exc_info]
            return _no_write

        result = self.inner(environ, capture)
        status, headers, exc_info = sent  # Flask starts every answer before returning it
        ok = status.startswith("200")
        body = self._keep(environ, where, status, headers, result) if ok else None
        if ok and any_tag(environ.get("HTTP_IF_NONE_MATCH", "")):
            _close(result)
            start_response(NOT_MODIFIED, not_modified(key, "*", headers), exc_info)
            return [b""]
        start_response(status, headers, exc_info)
        return result if body is None else [body]

    def _keep(
        self, environ: Environ, where: str, status: str, headers: list[tuple[str, str]], result: Any
    ) -> bytes | None:
        """Store a marked answer; its body, once read, or None when it was not stored."""
        endpoint = environ.get(STORE)
        if self.store is None or not endpoint or environ["REQUEST_METHOD"] != "GET":
            return None
        if any(h[0].lower() == "set-cookie" for h in headers):
            return None
        try:
            body = b"".join(result)
        finally:
            _close(result)
        kept = [h for h in headers if not _per_request(h[0])]
        self.store.set(where, Entry(status, kept, body, endpoint))
        return body


def _no_write(data: bytes) -> None:
    raise RuntimeError("write() is not supported behind the hit layer: return the body")


def _close(result: Any) -> None:
    if hasattr(result, "close"):
        result.close()


def _per_request(name: str) -> bool:
    lowered = name.lower()
    return lowered in PER_REQUEST or lowered.startswith(PER_REQUEST_PREFIXES)


def install(app: Flask) -> None:
    """Put the layer in front of Flask (and inside ProxyFix, which is installed after it)."""
    store: AnswerStore | None = app.extensions.get("answer_store")
    app.wsgi_app = HitLayer(app.wsgi_app, app, store)  # type: ignore[method-assign]
