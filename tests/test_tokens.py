"""Tokens: created once, stored hashed, 401 without, 403 when revoked or read-only."""

from __future__ import annotations

from sqlalchemy import select

from api.storage.models import Token
from tests.conftest import NEW_CLAIM, database_of
from tests.conftest import create_token as create

CLAIM = NEW_CLAIM


def test_token_is_printed_once_and_stored_hashed(empty_app):
    token = create(empty_app, "curator")
    assert token.startswith("pct_")
    with database_of(empty_app).read() as session:
        stored = session.scalar(select(Token).where(Token.name == "curator"))
    assert stored is not None and token.split("_")[-1] not in stored.secret_hash
    listing = empty_app.test_cli_runner().invoke(args=["token", "list"]).output
    assert "curator\twrite" in listing and token not in listing


def test_missing_or_invalid_token_is_401(empty_app):
    client = empty_app.test_client()
    for headers in ({}, {"Authorization": "Bearer pct_0000000000000000_nope-nope-nope-nope-nope"}):
        response = client.post("/v1/observations", json=CLAIM, headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_or_read_only_token_is_403(empty_app):
    client = empty_app.test_client()
    reader = create(empty_app, "reader", "read")
    revoked = create(empty_app, "gone")
    empty_app.test_cli_runner().invoke(args=["token", "revoke", "gone"])
    for token in (reader, revoked):
        response = client.post(
            "/v1/observations", json=CLAIM, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 403
        assert response.mimetype == "application/problem+json"


def test_duplicate_token_name_is_refused(empty_app):
    create(empty_app, "twice")
    result = empty_app.test_cli_runner().invoke(args=["token", "create", "twice"])
    assert result.exit_code != 0 and "exists already" in result.output
