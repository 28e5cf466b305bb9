"""What a cached answer depends on: the request's own words and the revision it is for.

Computed from the WSGI environ alone, so the hit layer (before Flask) and the Flask hooks
derive the very same key. The query string enters as its raw `&`-separated pieces (no
decoding folds two different values together), sorted stably by their decoded names: the
order of different arguments does not matter, the order of a repeated one does (Flask reads
the first). `as_of` enters as written (pages copy it into their links) and as the revision
it resolved to. The build fingerprint (a hash of the code and templates) is part of every
key, so a deploy that changes an answer never serves the old one from a shared Redis.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from api.errors import ApiError
from api.services.revisions import resolve_pinned
from api.storage.db import Database


@dataclass(frozen=True)
class CacheKey:
    """What an answer depends on, and its validators."""

    key: str
    etag: str
    revision: int
    modified: dt.datetime
    pinned: bool


def as_of_of(environ: dict[str, Any]) -> str | None:
    """The first `as_of` argument, decoded as Flask decodes it; None when absent or empty."""
    query = environ.get("QUERY_STRING", "")
    if "as_of" not in query and "%" not in query:
        return None
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if name == "as_of":
            return value or None
    return None


def key_for(environ: dict[str, Any], database: Database, build: str) -> CacheKey | None:
    """The key of this GET, or None when the view must answer (unknown as_of, empty store).

    `build` names the code that answers (`BUILD`, unless the app's settings give another).
    """
    as_of = as_of_of(environ)
    if as_of is None:
        stamp = database.watch.latest()
        pinned = False
    else:
        revision, pinned = _resolved(as_of, database)
        stamp = None if revision is None else database.watch.of(revision)
    if stamp is None:
        return None
    revision, modified, redactions = stamp
    pieces = sorted((p for p in environ.get("QUERY_STRING", "").split("&") if p), key=_name)
    raw = "\n".join(
        (
            build,
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            "&".join(pieces),
            environ.get("HTTP_ACCEPT", ""),
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            f"{revision}:{redactions}:{pinned}",
        )
    )
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return CacheKey(f"http:{digest}", f'"r{revision}-{digest[:20]}"', revision, modified, pinned)


def _name(piece: str) -> str:
    return unquote_plus(piece.split("=", 1)[0], errors="surrogateescape")


PACKAGE = Path(__file__).resolve().parents[2]  # api/http/middleware/cache_keys.py → api/


def _fingerprint() -> str:
    """A hash of every file of the `api` package: code, templates, static files."""
    root = PACKAGE
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD = _fingerprint()


def _resolved(as_of: str, database: Database) -> tuple[int | None, bool]:
    """The revision `as_of` names, and whether it is settled (`immutable`): see `resolve_pinned`."""
    text = as_of.strip()
    if text.isdigit() and len(text) < 11 and text.isascii():
        return int(text), True  # the watch checks that it exists
    with database.read() as session:
        try:
            return resolve_pinned(session, as_of)
        except ApiError:
            return None, False  # the view answers with the right problem
