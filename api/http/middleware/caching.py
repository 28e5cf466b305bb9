"""HTTP caching per revision: ETag, 304, Last-Modified, Cache-Control, and a response cache.

Every answer of a read depends only on (the request, the revision it is for), and a
revision never changes. So before any work a GET learns its revision (the latest, with one
cheap query, or the one `as_of` pins) and derives a strong ETag from (path, query,
representation headers, revision) — `cache_keys`:

- `If-None-Match` with that ETag answers 304 at once;
- a stored answer for the same key is sent as it is — by the WSGI `hit_layer` before Flask
  is entered, or (with rate limits on, so that every request is counted) by `before` here.
  Entries live in each process (`answer_store`) and, when `CACHE_REDIS_URL` is set, in
  Redis too, shared by every host;
- otherwise the view runs, `after` gives the answer its validators and marks it storable,
  and the hit layer keeps the bytes as they leave.

A write makes a new revision, so the next request has a new key: nothing stale is served.
Answers pinned with a revision id or a tag are `immutable` for a year, and so are answers
for a time once a later revision exists (`services.revisions.resolve_pinned`); answers for
the latest revision may be reused for 60 s and revalidated for free. The redaction audit
log, operations endpoints and static files are not cached. `RESPONSE_CACHE_MB=0` turns the
response cache off (validators and 304 stay).
"""

from __future__ import annotations

from typing import Any

from cachelib import BaseCache
from flask import Flask, Response, current_app, g, request
from flask_caching import Cache
from werkzeug.http import http_date

from api.http.middleware import hit_layer
from api.http.middleware.answer_store import AnswerStore
from api.http.middleware.cache_keys import CacheKey, key_for, matches
from api.http.responses import REVISION_HEADER, database

STORE_KEY = "answer_store"
REDIS_TIMEOUT = 0.25  # seconds


LATEST = "public, max-age=60, stale-while-revalidate=600"
PINNED = "public, max-age=31536000, immutable"


def before() -> Response | None:
    """Answer from validators, or (when the hit layer does not) from the cache."""
    if not hit_layer.cacheable(request.environ):
        return None
    key = request.environ.get(hit_layer.KEY) or _key()
    if key is None:
        return None
    g.http_cache = key
    if matches(request.headers.get("If-None-Match", ""), key.etag):
        response = Response(status=304)
        response.headers[REVISION_HEADER] = str(key.revision)
        return _validators(response, key)
    store = None if request.environ.get(hit_layer.LOOKED) else _store()
    entry = None if store is None else store.get(_where(key))
    if entry is None:
        return None
    g.http_cache_hit = True
    return Response(entry.body, status=entry.status, headers=entry.headers)


def after(response: Response) -> Response:
    """Give every cacheable answer its validators; mark a fresh one for storing."""
    key: CacheKey | None = g.get("http_cache")
    if key is None or response.status_code not in (200, 304) or g.get("http_cache_hit"):
        return response  # a stored answer carries its own validators (ETag per encoding)
    answered = g.get("dataset_revision")
    if answered is not None and answered != key.revision:
        return response  # a write landed in between: this answer belongs to another key
    storable = not (response.is_streamed or response.direct_passthrough)
    if response.status_code == 200 and storable and request.method == "GET":
        request.environ[hit_layer.STORE] = request.endpoint or "unmatched"
    return _validators(response, key)


def _key() -> CacheKey | None:
    return key_for(request.environ, database())


def _where(key: CacheKey) -> str:
    return hit_layer.stored_key(key, request.environ)


def _validators(response: Response, key: CacheKey) -> Response:
    response.headers["ETag"] = key.etag
    response.headers["Last-Modified"] = http_date(key.modified)
    response.headers["Cache-Control"] = PINNED if key.pinned else LATEST
    response.vary.update(("Accept", "Accept-Language"))
    return response


def _store() -> AnswerStore | None:
    store: AnswerStore | None = current_app.extensions.get(STORE_KEY)
    return store


def register_store(app: Flask) -> None:
    """Bind the response cache (Redis when CACHE_REDIS_URL is set), the hit layer and `after`.

    Register this before the other after-hooks: Flask runs them in reverse, so `after`
    sees every header; and before ProxyFix, which must wrap the hit layer.
    """
    app.after_request(after)
    megabytes = app.config["RESPONSE_CACHE_MB"]
    if not megabytes:
        return
    store = AnswerStore(megabytes, _shared(app))
    app.extensions[STORE_KEY] = store
    app.wsgi_app = hit_layer.HitLayer(app.wsgi_app, app, store)  # type: ignore[method-assign]


def _shared(app: Flask) -> BaseCache | None:
    """Redis through Flask-Caching when CACHE_REDIS_URL is set: every host shares it."""
    redis_url = app.config.get("CACHE_REDIS_URL")
    if not redis_url:
        return None
    settings: dict[str, Any] = {
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": redis_url,
        # Keys change with the revision, so nothing goes stale; the timeout only frees room.
        "CACHE_DEFAULT_TIMEOUT": app.config["RESPONSE_CACHE_SECONDS"],
        "CACHE_KEY_PREFIX": app.config["RESPONSE_CACHE_PREFIX"],
        # A Redis that hangs must cost a request a fraction of a second, not the worker.
        "CACHE_OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
    }
    cache = Cache(app, config=settings)
    shared: BaseCache = app.extensions["cache"][cache]
    return shared


def register_lookup(app: Flask) -> None:
    """The before-hook; register it last, so request ids, limits and checks come first."""
    app.before_request(before)
