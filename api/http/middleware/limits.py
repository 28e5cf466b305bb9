"""Rate limits: one count per client, across every endpoint, worker and (with Redis) host.

Anonymous requests count against their address (an IPv6 address by its /64 network, which
one client usually holds whole), requests with a valid token against the token:
`RATELIMIT_ANONYMOUS` and `RATELIMIT_TOKEN` ("300 per minute", read by `limits`), in fixed
windows aligned to the clock. The WSGI hit layer counts every request before the response
cache answers it or Flask is entered, so a stored answer and a view are counted alike,
and a hit costs one shared increment.

Counts live in `RATELIMIT_STORAGE_URI`: by default a file every worker of the host maps
(`limit_store`, under the instance folder); `redis://…` shares them between hosts;
`memory://` keeps them in one process. If the store fails (Redis down), the host's file
counts instead for RETRY_AFTER seconds, and the failure is logged.

Flask answers a request over its limit: 429 problem+json with `Retry-After`, the only
answer besides 503 that carries it. Every counted answer has `X-RateLimit-Limit`,
`X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds). /healthz, /readyz,
/metrics and CORS preflights are never counted.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string

from api.errors import ApiError
from api.http.middleware.limit_store import SharedFileStorage
from api.services.writes.tokens import authenticate
from api.storage.db import Database

LOG = logging.getLogger(__name__)
VERDICT = "prisoner_counts.rate_limit"  # the request's Verdict, for Flask's hooks
EXTENSION = "rate_limits"
UNCOUNTED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
RETRY_AFTER = 5.0  # seconds on the host's store after the configured one failed


class TooManyRequests(ApiError):
    """Over the rate limit."""

    status = 429
    title = "Too Many Requests"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One request's place in its client's window."""

    limit: int
    remaining: int
    reset: int  # when the window ends, epoch seconds
    refused: bool

    def headers(self) -> list[tuple[str, str]]:
        """`X-RateLimit-*`, and `Retry-After` when refused."""
        sent = [
            ("X-RateLimit-Limit", str(self.limit)),
            ("X-RateLimit-Remaining", str(self.remaining)),
            ("X-RateLimit-Reset", str(self.reset)),
        ]
        if self.refused:
            sent.append(("Retry-After", str(self.retry_after())))
        return sent

    def retry_after(self) -> int:
        """Whole seconds until the window ends (at least 1)."""
        return max(1, math.ceil(self.reset - time.time()))


class RateLimits:
    """Counts requests per client in the configured store."""

    def __init__(self, app: Flask) -> None:
        self.anonymous: RateLimitItem = parse(str(app.config["RATELIMIT_ANONYMOUS"]))
        self.token: RateLimitItem = parse(str(app.config["RATELIMIT_TOKEN"]))
        self.database: Database = app.extensions["database"]
        self.prefix = str(app.config.get("RATELIMIT_KEY_PREFIX") or "prisoner-counts")
        self.periods = {id(rule): rule.get_expiry() for rule in (self.anonymous, self.token)}
        host_file = os.path.join(app.instance_path, "rate-limits.counts")
        self.host = SharedFileStorage(f"file://{host_file}")
        uri = app.config.get("RATELIMIT_STORAGE_URI")
        self.storage: Storage = storage_from_string(uri) if uri else self.host  # type: ignore[assignment]
        self.failed_until = 0.0

    def count(self, environ: dict[str, Any]) -> Verdict | None:
        """Count this request against its client; None for what is never counted."""
        if environ.get("PATH_INFO") in UNCOUNTED_PATHS or environ["REQUEST_METHOD"] == "OPTIONS":
            return None
        client, rule = self._client(environ)
        period = self.periods[id(rule)]
        now = time.time()
        window = int(now // period)
        key = f"{self.prefix}/{client}/{rule.amount}/{period}/{window}"
        used = self._incr(key, period)
        refused = used > rule.amount
        return Verdict(rule.amount, max(0, rule.amount - used), (window + 1) * period, refused)

    def _client(self, environ: dict[str, Any]) -> tuple[str, RateLimitItem]:
        header = environ.get("HTTP_AUTHORIZATION")
        if header:
            try:
                caller = authenticate(self.database, header, needed="read")
                return f"token:{caller.name}", self.token
            except ApiError:
                pass  # an invalid token counts as anonymous; writes refuse it
        return f"address:{client_address(environ.get('REMOTE_ADDR') or '')}", self.anonymous

    def _incr(self, key: str, period: int) -> int:
        if self.storage is not self.host and time.monotonic() >= self.failed_until:
            try:
                return self.storage.incr(key, period)
            except Exception as error:  # noqa: BLE001 - the shared store is down
                self.failed_until = time.monotonic() + RETRY_AFTER
                LOG.warning("rate limits: store unavailable (%s); counting on this host", error)
        return self.host.incr(key, period)


def client_address(address: str) -> str:
    """The address a client is counted by: IPv4 as it is, IPv6 by its /64 network."""
    if ":" not in address:
        return address
    try:
        network = ipaddress.IPv6Network(f"{address.split('%')[0]}/64", strict=False)
    except ValueError:
        return address
    return str(network)


def _refuse() -> None:
    """Flask's first word on a request the hit layer found over its limit."""
    verdict: Verdict | None = request.environ.get(VERDICT)
    if verdict is not None and verdict.refused:
        raise TooManyRequests(
            f"over the rate limit of {verdict.limit} requests in this window; "
            f"try again in {verdict.retry_after()} s"
        )


def _add_headers(response: Response) -> Response:
    verdict: Verdict | None = request.environ.get(VERDICT)
    if verdict is not None:
        for name, value in verdict.headers():
            response.headers[name] = value
    return response


def register(app: Flask) -> None:
    """Make the app's counter (the hit layer uses it) and the hooks that answer for it."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    app.extensions[EXTENSION] = RateLimits(app)
    app.before_request(_refuse)
    app.after_request(_add_headers)


def rate_limits(app: Flask) -> RateLimits | None:
    """The app's counter, or None with rate limits off."""
    limits: RateLimits | None = app.extensions.get(EXTENSION)
    return limits
