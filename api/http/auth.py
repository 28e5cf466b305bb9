"""Who is writing, and the safety conditions of a write request (Idempotency-Key, If-Match)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import Response, g, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from api.errors import InvalidArgument
from api.http.responses import database
from api.services.writes.tokens import Caller, authenticate
from api.services.writes.writing import WriteRequest, WriteResult


def require_writer() -> None:
    """`before_request` of the write blueprints: a valid write token, before the body is read.

    A CORS preflight (OPTIONS) carries no credentials; it is answered without them and
    tells other origins that only reads are allowed.
    """
    if request.method == "OPTIONS":
        return
    g.caller = authenticate(database(), request.headers.get("Authorization"))
    if request.method in ("POST", "PATCH") and not request.is_json:
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    refuse_a_cut_body()


def refuse_a_cut_body() -> None:
    """413 for a body past MAX_CONTENT_LENGTH sent without a length (chunked).

    werkzeug checks a declared Content-Length, but a chunked body it reads up to the limit
    and returns cut there, without a word: a CSV import over 20 MiB lost its last rows and
    imported the row at the cut (its address cut short), and JSON was a misleading 400.
    """
    limit = request.max_content_length
    if request.content_length is not None or limit is None:
        return
    if len(request.get_data(cache=True)) >= limit:
        raise RequestEntityTooLarge(f"the body is longer than {limit} bytes")


def write_request(
    message: str | None, default_message: str, request_hash: str | None = None
) -> WriteRequest:
    """The write request of the current HTTP request (a JSON body's hash unless given)."""
    caller: Caller = g.caller
    return WriteRequest(
        caller=caller,
        message=message or default_message,
        request_hash=request_hash or _request_hash(),
        idempotency_key=_idempotency_key(),
        if_match=_if_match(),
    )


LOCATIONS = {
    "observation_ids": "/v1/observations/{}",
    "source_ids": "/v1/sources/{}",
    "series_ids": "/v1/series/{}",
    "document_ids": "/v1/documents/{}",
}
CREATED_KINDS = (*LOCATIONS, "release_ids")


# What a write answers: the body, the status and the headers.
Created = tuple[dict[str, Any], int, dict[str, str]]


def created(result: WriteResult) -> Created:
    """201 with the new revision in the body and header, and `Location` when one thing."""
    g.dataset_revision = result.revision
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    location = _location(result.body)
    if location:
        headers["Location"] = location
    return result.body, 201, headers


def _location(body: dict[str, Any]) -> str | None:
    """The address of what a write created, when it created exactly one thing."""
    kinds = [kind for kind in CREATED_KINDS if body.get(kind)]
    if len(kinds) == 1 and kinds[0] in LOCATIONS and len(body[kinds[0]]) == 1:
        return LOCATIONS[kinds[0]].format(body[kinds[0]][0])
    return None


def _request_hash() -> str:
    body = request.get_json(silent=True)
    canonical = json.dumps([request.method, request.path, request.args, body], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise InvalidArgument("Idempotency-Key must be 1 to 200 characters")
    return key


_OUR_ETAG = re.compile(r'^"r([0-9]{1,10})-[0-9a-f]+(?::[a-z]+)?"$')
_REVISION = re.compile(r'^"?([0-9]{1,10})"?$')


def _if_match() -> tuple[int, ...] | None:
    """The revisions If-Match names: this service's ETags (`"r1865-…"`, any resource's, as
    every ETag names the data set's revision) or revision ids (`1865`, `"1865"`); None for
    none or `*`. A weak tag (`W/"…"`) never matches (RFC 9110 strong comparison)."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    revisions = []
    for tag in (part.strip() for part in value.split(",")):
        if tag == "*":
            return None
        if tag.startswith("W/"):
            continue
        found = _OUR_ETAG.match(tag) or _REVISION.match(tag)
        if found is None:
            raise InvalidArgument(
                f"If-Match must name ETags of this service or revision ids, not {tag!r}"
            )
        revisions.append(int(found.group(1)))
    return tuple(revisions)


def unauthorized_headers(response: Response) -> Response:
    """RFC 6750: a 401 says which scheme to use."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="prisoner-counts"'
    return response
