"""HTTP caching per revision: ETag, 304, Last-Modified, Cache-Control, and a response cache.

Every answer of a read depends only on (the request, the revision it is for), and a
revision never changes. So before any work a GET learns its revision (the latest, with one
cheap query, or the one `as_of` pins) and derives a strong ETag from (path, query,
representation headers, revision):

- `If-None-Match` with that ETag answers 304 at once;
- a stored answer for the same key is sent as it is (Flask-Caching: in process by
  default, Redis when `CACHE_REDIS_URL` is set, shared by every host);
- otherwise the view runs and its answer is stored.

A write makes a new revision, so the next request has a new key: nothing stale is served.
Answers pinned with `as_of` are `immutable` for a year; answers for the latest revision may
be reused for 60 s and revalidated for free. The redaction audit log, operations endpoints
and static files are not cached here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_caching import Cache
from werkzeug.http import http_date

from api.errors import ApiError
from api.http.responses import REVISION_HEADER, database
from api.services.revisions import parse_moment, resolve_as_of
from api.storage.revision_queries import revision_stamp

UNCACHED_PREFIXES = ("/v1/redactions", "/metrics", "/healthz", "/readyz", "/static/")
LATEST = "public, max-age=60, stale-while-revalidate=600"
PINNED = "public, max-age=31536000, immutable"
# Headers of the view's own answer worth storing; per-request ones are added afresh.
STORED_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Link",
    "Location",
    "Vary",
    REVISION_HEADER,
)
MAX_STORED_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CacheKey:
    """What an answer depends on, and its validators."""

    key: str
    etag: str
    revision: int
    modified: dt.datetime
    pinned: bool


@dataclass(frozen=True)
class Stamp:
    """The revision a request is for, its time, the redactions so far, and whether pinned."""

    revision: int
    modified: dt.datetime
    redactions: int
    pinned: bool


def _stamp() -> Stamp | None:
    """The stamp of this request, or None to let the view answer (and not cache it)."""
    as_of = request.args.get("as_of") or None
    engine = database().engine
    if as_of is None:
        latest = revision_stamp(engine)
        return Stamp(*latest, pinned=False) if latest else None
    with database().read() as session:
        try:
            revision = resolve_as_of(session, as_of)
        except ApiError:
            return None  # the view answers with the right problem
    found = revision_stamp(engine, revision)
    return Stamp(*found, pinned=_stays(as_of)) if found else None


def _stays(as_of: str) -> bool:
    """A revision id or tag names one revision for ever; a time only once it has passed."""
    moment = parse_moment(as_of)
    return moment is None or moment <= dt.datetime.now(dt.UTC)


def _key(stamp: Stamp) -> CacheKey:
    """Everything the answer depends on; `as_of` enters as the revision it resolved to."""
    args = sorted((k, v) for k, v in request.args.items(multi=True) if k != "as_of")
    headers = [request.headers.get(h, "") for h in ("Accept", "Accept-Language")]
    parts = [request.host_url, request.path, args, headers]
    raw = json.dumps([*parts, stamp.revision, stamp.redactions, stamp.pinned])
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    etag = f'"r{stamp.revision}-{digest[:20]}"'
    return CacheKey(f"http:{digest}", etag, stamp.revision, stamp.modified, stamp.pinned)


def _matches(etag: str) -> bool:
    """If-None-Match names this answer (in any encoding Flask-Compress made of it)."""
    given = request.headers.get("If-None-Match", "")
    bare = etag.strip('"')
    return any(
        tag.strip().removeprefix("W/").strip('"').split(":")[0] == bare for tag in given.split(",")
    )


def before() -> Response | None:
    """Answer from validators or the cache when possible."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED_PREFIXES):
        return None
    stamp = _stamp()
    if stamp is None:
        return None
    key = _key(stamp)
    g.http_cache = key
    if _matches(key.etag):
        response = Response(status=304)
        response.headers[REVISION_HEADER] = str(key.revision)
        return _validators(response, key)
    stored = _cache().get(key.key)
    if stored is not None:
        g.http_cache_hit = True
        status, body, headers = stored
        return Response(body, status=status, headers=headers)
    return None


def after(response: Response) -> Response:
    """Store a fresh answer; give every cacheable answer its validators."""
    key: CacheKey | None = g.get("http_cache")
    if key is None or response.status_code not in (200, 304):
        return response
    answered = g.get("dataset_revision")
    if answered is not None and answered != key.revision:
        return response  # a write landed in between: this answer belongs to another key
    if response.status_code == 200 and not g.get("http_cache_hit"):
        _store(key, response)
    return _validators(response, key)


def _store(key: CacheKey, response: Response) -> None:
    if response.is_streamed or response.direct_passthrough:
        return
    body = response.get_data()
    if len(body) > MAX_STORED_BYTES:
        return
    headers = [(h, response.headers[h]) for h in STORED_HEADERS if h in response.headers]
    _cache().set(key.key, (response.status_code, body, headers))


def _validators(response: Response, key: CacheKey) -> Response:
    response.headers["ETag"] = key.etag
    response.headers["Last-Modified"] = http_date(key.modified)
    response.headers["Cache-Control"] = PINNED if key.pinned else LATEST
    response.vary.update(("Accept", "Accept-Language"))
    return response


def _cache() -> Cache:
    cache: Cache = current_app.extensions["http_cache"]
    return cache


def register_store(app: Flask) -> None:
    """Bind the response cache (Redis when CACHE_REDIS_URL is set) and its after-hook.

    Register this before the other after-hooks: Flask runs them in reverse, so the answer
    is stored once every header is on it (and before compression).
    """
    redis_url = app.config.get("CACHE_REDIS_URL")
    settings: dict[str, Any] = {
        "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
        # Keys change with the revision, so nothing goes stale; the timeout only frees room.
        "CACHE_DEFAULT_TIMEOUT": app.config["RESPONSE_CACHE_SECONDS"],
        "CACHE_THRESHOLD": app.config["RESPONSE_CACHE_ENTRIES"],
        "CACHE_KEY_PREFIX": app.config["RESPONSE_CACHE_PREFIX"],
    }
    if redis_url:
        settings["CACHE_REDIS_URL"] = redis_url
    app.extensions["http_cache"] = Cache(app, config=settings)
    app.after_request(after)


def register_lookup(app: Flask) -> None:
    """The before-hook; register it last, so request ids, limits and checks come first."""
    app.before_request(before)
