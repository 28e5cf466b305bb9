"""Request ids, JSON access logs and Prometheus metrics.

Every request gets an id: the proxy's `X-Request-Id` when it sent a sane one, a new one
otherwise; it is returned in `X-Request-Id` and written in the access log line. Metrics
count requests and time them by endpoint, method and status. Under gunicorn, `serve` sets
PROMETHEUS_MULTIPROC_DIR so that `/metrics` adds up every worker's numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
ACCESS_LOGGER = "prisoner_counts.access"


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

    def exposition(self) -> bytes:
        """The text format, adding up gunicorn workers when running under several."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return bytes(generate_latest(registry))
        return bytes(generate_latest(self.registry))


def request_id(given: str) -> str:
    """The proxy's id when it is sane, a new one otherwise."""
    return given if _SANE_ID.match(given) else uuid.uuid4().hex


def _start() -> None:
    g.started = time.perf_counter()
    g.request_id = request_id(request.headers.get("X-Request-Id", ""))


def _finish(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    response.headers["X-Request-Id"] = g.get("request_id", "")
    line = AccessLine(
        g.get("request_id", ""),
        request.endpoint or "unmatched",
        request.method,
        request.path,
        request.query_string.decode("latin-1"),
        response.status_code,
        response.content_length,  # never buffer a streamed body to measure it
        request.remote_addr,
        request.user_agent.string,
    )
    record(_app_metrics(), line, seconds)
    return response


@dataclass(frozen=True)
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
    labels = (line.endpoint, line.method, str(line.status))
    metrics.requests.labels(*labels).inc()
    metrics.latency.labels(*labels).observe(seconds)
    logger = logging.getLogger(ACCESS_LOGGER)
    if logger.isEnabledFor(logging.INFO):  # a bare record: no caller lookup, no extra merging
        entry = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 0, "request", None, None)
        entry.access = _access_fields(line, seconds)
        logger.handle(entry)


def _access_fields(line: AccessLine, seconds: float) -> dict[str, Any]:
    return {
        "request_id": line.request_id,
        "method": line.method,
        "path": line.path,
        "query": line.query[:500],
        "status": line.status,
        "bytes": line.bytes,
        "duration_ms": round(seconds * 1000, 2),
        "remote": line.remote,
        "user_agent": line.user_agent[:200],
    }


def _app_metrics() -> Metrics:
    return app_metrics(current_app)


def app_metrics(app: Flask) -> Metrics:
    """The app's metrics (made by `register`)."""
    metrics: Metrics = app.extensions["metrics"]
    return metrics


def metrics_response() -> Response:
    """The body of `/metrics`."""
    return Response(_app_metrics().exposition(), mimetype=CONTENT_TYPE_LATEST)


class AccessFormatter(logging.Formatter):
    """One JSON object per line: time, message and the request's fields, by orjson."""

    def format(self, record: logging.LogRecord) -> str:
        """`{"timestamp": …, "message": "request", "request_id": …, …}`."""
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat()
        fields = getattr(record, "access", {})
        return orjson.dumps(
            {"timestamp": moment, "message": record.getMessage(), **fields}
        ).decode()


def configure_access_log(app: Flask) -> None:
    """One JSON line per request on standard error, unless ACCESS_LOG is off."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if app.config.get("ACCESS_LOG", True) and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(AccessFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def register(app: Flask) -> None:
    """Install request ids, metrics and the access log."""
    app.extensions["metrics"] = Metrics()
    configure_access_log(app)
    app.before_request(_start)
    app.after_request(_finish)
