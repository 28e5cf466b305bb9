"""Rate limits (Flask-Limiter): per client address for anonymous requests, per token above.

Limits are configuration (`RATELIMIT_ANONYMOUS`, `RATELIMIT_TOKEN`, e.g. "300 per minute").
Counts live in memory (per process) unless `RATELIMIT_STORAGE_URI` names a shared store
such as Redis. `RATELIMIT_ENABLED=false` turns limiting off (the benchmarks do). A request
over its limit gets a 429 problem with `Retry-After`. /healthz, /readyz and /metrics are
never limited.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from api.errors import ApiError
from api.http.responses import database
from api.services.writes.tokens import authenticate

UNLIMITED_BLUEPRINTS = frozenset({"ops"})


def _token_name() -> str | None:
    """The name of a valid token on this request, if any (checked once per request)."""
    if "rate_token" not in g:
        header = request.headers.get("Authorization")
        try:
            g.rate_token = authenticate(database(), header, needed="read").name if header else None
        except ApiError:
            g.rate_token = None  # an invalid token reads as anonymous; writes refuse it
    name: str | None = g.rate_token
    return name


def client_key() -> str:
    """Whom a request counts against: its token, or its address."""
    token = _token_name()
    return f"token:{token}" if token else f"address:{get_remote_address()}"


def current_limit() -> str:
    """The limit for this request's client."""
    key = "RATELIMIT_TOKEN" if _token_name() else "RATELIMIT_ANONYMOUS"
    return str(current_app.config[key])


def _exempt() -> bool:
    return request.blueprint in UNLIMITED_BLUEPRINTS or request.method == "OPTIONS"


def register(app: Flask) -> None:
    """Bind a limiter to the app (kept in `app.extensions["limiter"]` by Flask-Limiter)."""
    Limiter(
        client_key,
        app=app,
        default_limits=[current_limit],
        default_limits_exempt_when=_exempt,
        headers_enabled=True,
    )
