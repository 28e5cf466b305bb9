"""Who is writing, and the safety conditions of a write request (Idempotency-Key, If-Match)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, g, request

from api.errors import InvalidArgument
from api.http.responses import database
from api.services.tokens import Caller, authenticate
from api.services.writing import WriteRequest, WriteResult


def require_writer() -> None:
    """`before_request` of the write blueprints: a valid write token, before the body is read.

    A CORS preflight (OPTIONS) carries no credentials; it is answered without them and
    tells other origins that only reads are allowed.
    """
    if request.method == "OPTIONS":
        return
    g.caller = authenticate(database(), request.headers.get("Authorization"))


def write_request(message: str | None, default_message: str) -> WriteRequest:
    """The write request of the current HTTP request."""
    caller: Caller = g.caller
    return WriteRequest(
        caller=caller,
        message=message or default_message,
        request_hash=_request_hash(),
        idempotency_key=_idempotency_key(),
        if_match=_if_match(),
    )


def created(result: WriteResult) -> tuple[dict[str, Any], int, dict[str, str]]:
    """201 with the new revision in the body and the revision header."""
    g.dataset_revision = result.revision
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return result.body, 201, headers


def _request_hash() -> str:
    body = request.get_json(silent=True)
    canonical = json.dumps([request.method, request.path, request.args, body], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise InvalidArgument("Idempotency-Key must be 1 to 200 characters")
    return key


def _if_match() -> int | None:
    value = request.headers.get("If-Match")
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidArgument(f"If-Match must name a revision id, not {value!r}")
    return int(text)


def unauthorized_headers(response: Response) -> Response:
    """RFC 6750: a 401 says which scheme to use."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="prisoner-counts"'
    return response
