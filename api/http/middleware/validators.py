"""The validators of a cacheable answer, and the one builder of its 304.

A 200 carries `ETag` (the key's, plus the `:gzip`/`:br` suffix Flask-Compress adds to a
compressed body), `Last-Modified` and `Cache-Control`. A 304 must carry the validators its
200 would (RFC 9110 §15.4.5), so `not_modified` takes them from the stored 200 when there
is one (the hit layer), and otherwise from the key, with the client's own tag: the one it
holds names the encoding its 200 came in. Both the hit layer and Flask's before-hook answer
304 through it, so the two can never disagree.
"""

from __future__ import annotations

from werkzeug.http import http_date

from api.http.middleware.cache_keys import CacheKey

LATEST = "public, max-age=60, stale-while-revalidate=600"
PINNED = "public, max-age=31536000, immutable"
VARY = ("Accept", "Accept-Language")
REVISION_HEADER = "X-Dataset-Revision"
# A 304 has no body: the headers that describe one stay out.
NOT_IN_304 = frozenset(
    {"content-length", "content-type", "content-encoding", "content-disposition"}
)
Headers = list[tuple[str, str]]


def validators(key: CacheKey, etag: str | None = None) -> Headers:
    """`ETag`, `Last-Modified` and `Cache-Control` of an answer for `key`."""
    return [
        ("ETag", etag or key.etag),
        ("Last-Modified", http_date(key.modified)),
        ("Cache-Control", PINNED if key.pinned else LATEST),
    ]


def _tags(if_none_match: str) -> list[str]:
    return [tag.strip().removeprefix("W/").strip() for tag in if_none_match.split(",")]


def matching_tag(if_none_match: str, etag: str) -> str | None:
    """The client's tag that names this answer in some encoding (`"r1-…:gzip"`), or None."""
    bare = etag.strip('"')
    for tag in _tags(if_none_match):
        if tag.strip('"').split(":")[0] == bare:
            return tag if tag.startswith('"') else f'"{tag}"'
    return None


def any_tag(if_none_match: str) -> bool:
    """`If-None-Match: *`: any current answer will do."""
    return "*" in _tags(if_none_match)


def not_modified(key: CacheKey, if_none_match: str, stored: Headers | None = None) -> Headers:
    """The headers of the 304 for `key`: the stored 200's less its body's, else the key's."""
    if stored is not None:
        return [header for header in stored if header[0].lower() not in NOT_IN_304]
    tag = matching_tag(if_none_match, key.etag)
    return [
        *validators(key, tag),
        (REVISION_HEADER, str(key.revision)),
        ("Vary", ", ".join(VARY)),
    ]
