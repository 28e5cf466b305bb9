"""Request ids, Prometheus metrics, and the hooks that write the access log.

Every request gets an id: the proxy's `X-Request-Id` when it sent a sane one, a new one
otherwise; it is returned in `X-Request-Id` and written in the access log line
(`access_log`). Metrics count requests and time them by endpoint, method and status, and
every label has a fixed set of values: the endpoint is a route's name or `unmatched`, a
method outside HTTP's usual seven is `other`, so no request can add a time series.
`/metrics` is public; its size depends on the routes, never on what clients send. Under
gunicorn, `serve` sets PROMETHEUS_MULTIPROC_DIR so that `/metrics` adds up every worker.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from api.http.middleware import access_log

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
UNMATCHED = "unmatched"


class Metrics:
    """The app's Prometheus metrics, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ("endpoint", "method", "status")
        self.requests = Counter(
            "http_requests_total", "HTTP requests answered", labels, registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            labels,
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, endpoint: str, method: str, status: int, seconds: float) -> None:
        """Count and time one answer (label children are looked up once per label set)."""
        labels = (endpoint, method if method in METHODS else OTHER_METHOD, status)
        children = self.children.get(labels)
        if children is None:
            named = (labels[0], labels[1], str(status))
            children = (self.requests.labels(*named), self.latency.labels(*named))
            self.children[labels] = children
        children[0].inc()
        children[1].observe(seconds)

    def exposition(self) -> bytes:
        """The text format, adding up gunicorn workers when running under several."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return bytes(generate_latest(registry))
        return bytes(generate_latest(self.registry))


def request_id(given: str) -> str:
    """The proxy's id when it is sane, a new one (32 hex digits) otherwise."""
    return given if given and _SANE_ID.match(given) else os.urandom(16).hex()


@dataclass(frozen=True, slots=True)
class AccessLine:
    """What one answered request leaves in the metrics and the access log."""

    request_id: str
    endpoint: str
    method: str
    path: str
    query: str
    status: int
    bytes: int | None
    remote: str | None
    user_agent: str


def record(metrics: Metrics, line: AccessLine, seconds: float) -> None:
    """Count and time the request, and write its access log line."""
    metrics.observe(line.endpoint, line.method, line.status, seconds)
    if access_log.enabled():
        access_log.write(_access_fields(line, seconds))


def _access_fields(line: AccessLine, seconds: float) -> dict[str, Any]:
    return {
        "request_id": line.request_id,
        "method": line.method[:20],
        "path": access_log.redact(line.path)[:2000],
        "query": access_log.redact(line.query)[:500],
        "status": line.status,
        "bytes": line.bytes,
        "duration_ms": round(seconds * 1000, 2),
        "remote": line.remote,
        "user_agent": line.user_agent[:200],
    }


def _start() -> None:
    g.started = time.perf_counter()
    g.request_id = request_id(request.headers.get("X-Request-Id", ""))


def _finish(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    response.headers["X-Request-Id"] = g.get("request_id", "")
    line = AccessLine(
        g.get("request_id", ""),
        request.endpoint or UNMATCHED,
        request.method,
        request.path,
        request.query_string.decode("latin-1"),
        response.status_code,
        response.content_length,  # never buffer a streamed body to measure it
        request.remote_addr,
        request.user_agent.string,
    )
    record(app_metrics(current_app), line, seconds)
    return response


def app_metrics(app: Flask) -> Metrics:
    """The app's metrics (made by `register`)."""
    metrics: Metrics = app.extensions["metrics"]
    return metrics


def metrics_response() -> Response:
    """The body of `/metrics`."""
    return Response(app_metrics(current_app).exposition(), content_type=CONTENT_TYPE_LATEST)


def register(app: Flask) -> None:
    """Install request ids, metrics and the access log."""
    app.extensions["metrics"] = Metrics()
    access_log.configure(app)
    app.before_request(_start)
    app.after_request(_finish)
