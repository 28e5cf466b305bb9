"""API tokens: created once, stored hashed, compared in constant time, revocable.

A token reads `pct_<key id>_<secret>`. The key id finds the stored row; the secret is
compared with `hmac.compare_digest` against its SHA-256 (the secret is 256 random bits, so
a fast hash is enough). The plain token is shown once, at creation, and never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from api.errors import DataConflict, Forbidden, InvalidArgument, NotFound, Unauthorized
from api.storage.db import Database
from api.storage.models import Token

SCOPES = ("read", "write")
_TOKEN = re.compile(r"^pct_([0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


@dataclass(frozen=True)
class Caller:
    """Who is writing: the token's name becomes the revision's author."""

    name: str
    scope: str


def create_token(db: Database, name: str, scope: str) -> str:
    """Store a new token's hash and return the token itself (the only time it is shown)."""
    if not _NAME.match(name):
        raise InvalidArgument(f"token name {name!r}: use letters, digits, . _ @ - (max 100)")
    if scope not in SCOPES:
        raise InvalidArgument(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    with db.write() as session:
        if session.get(Token, name) is not None:
            raise DataConflict(f"a token named {name!r} exists already")
        session.add(
            Token(
                name=name,
                key_id=key_id,
                secret_hash=_digest(secret),
                scope=scope,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    return f"pct_{key_id}_{secret}"


def list_tokens(db: Database) -> list[dict[str, Any]]:
    """Every token's name, scope and dates (never a secret or a hash)."""
    with db.read() as session:
        rows = session.scalars(select(Token).order_by(Token.name))
        return [
            {
                "name": t.name,
                "scope": t.scope,
                "created_at": t.created_at,
                "revoked_at": t.revoked_at,
            }
            for t in rows
        ]


def revoke_token(db: Database, name: str) -> None:
    """Revoke a token for good; its past writes keep its name as author."""
    with db.write() as session:
        token = session.get(Token, name)
        if token is None:
            raise NotFound(f"no token named {name!r}")
        if token.revoked_at is None:
            token.revoked_at = dt.datetime.now(dt.UTC)


def authenticate(db: Database, authorization: str | None, needed: str = "write") -> Caller:
    """The caller behind an `Authorization: Bearer …` header, or 401/403."""
    presented = _bearer(authorization)
    match = _TOKEN.match(presented)
    with db.read() as session:
        token = session.scalar(select(Token).where(Token.key_id == match[1])) if match else None
    if (
        token is None
        or match is None
        or not hmac.compare_digest(token.secret_hash, _digest(match[2]))
    ):
        raise Unauthorized("the bearer token is not valid")
    if token.revoked_at is not None:
        raise Forbidden(f"token {token.name!r} has been revoked")
    if needed == "write" and token.scope != "write":
        raise Forbidden(f"token {token.name!r} has {token.scope} scope; this needs write")
    return Caller(token.name, token.scope)


def _bearer(authorization: str | None) -> str:
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("this needs an `Authorization: Bearer <token>` header")
    return value.strip()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
