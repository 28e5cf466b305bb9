"""HTTP caching per revision: ETag, 304, Last-Modified, Cache-Control, and a response cache.

Every answer of a read depends only on (the request, the revision it is for), and a
revision never changes. So before any work a GET learns its revision (the latest, with one
cheap query, or the one `as_of` pins) and derives a strong ETag from (path, query,
representation headers, revision) — `cache_keys`:

- a stored answer for the same key is sent as it is by the WSGI `hit_layer` before Flask
  is entered (rate limits are counted there too), and `If-None-Match` naming it is a 304
  from the stored headers. Entries live in each process (`answer_store`) and, when
  `CACHE_REDIS_URL` is set, in Redis too, shared by every host;
- with no stored answer, `If-None-Match` with the key's ETag is a 304 here, at once, built
  by the same `validators.not_modified`;
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
from flask import Flask, Response, g, request
from flask_caching import Cache

from api.http.middleware import hit_layer
from api.http.middleware.answer_store import AnswerStore
from api.http.middleware.cache_keys import CacheKey
from api.http.middleware.validators import VARY, matching_tag, not_modified, validators

STORE_KEY = "answer_store"
REDIS_TIMEOUT = 0.25  # seconds


def before() -> Response | None:
    """A 304 when If-None-Match names the answer (the hit layer answered stored ones)."""
    key: CacheKey | None = request.environ.get(hit_layer.KEY)
    if key is None:
        return None
    g.http_cache = key
    if_none_match = request.headers.get("If-None-Match", "")
    if if_none_match and matching_tag(if_none_match, key.etag):
        return Response(status=304, headers=not_modified(key, if_none_match))
    return None


def after(response: Response) -> Response:
    """Give every cacheable 200 its validators, and mark it for storing."""
    key: CacheKey | None = g.get("http_cache")
    if key is None or response.status_code != 200:
        return response
    answered = g.get("dataset_revision")
    if answered is not None and answered != key.revision:
        return response  # a write landed in between: this answer belongs to another key
    storable = not (response.is_streamed or response.direct_passthrough)
    if storable and request.method == "GET":
        request.environ[hit_layer.STORE] = request.endpoint or "unmatched"
    for name, value in validators(key):
        response.headers[name] = value
    response.vary.update(VARY)
    return response


def register_store(app: Flask) -> None:
    """Bind the response cache (Redis when CACHE_REDIS_URL is set) and `after`.

    Register this before the other after-hooks: Flask runs them in reverse, so `after`
    sees every header. `hit_layer.install` puts the layer that uses the store in front.
    """
    app.after_request(after)
    megabytes = app.config["RESPONSE_CACHE_MB"]
    if megabytes:
        app.extensions[STORE_KEY] = AnswerStore(megabytes, _shared(app))


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
