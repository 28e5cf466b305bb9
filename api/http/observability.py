"""Request ids, JSON access logs and Prometheus metrics.

Every request gets an id: the proxy's `X-Request-Id` when it sent a sane one, a new one
otherwise; it is returned in `X-Request-Id` and written in the access log line. Metrics
count requests and time them by endpoint, method and status. Under gunicorn, `serve` sets
PROMETHEUS_MULTIPROC_DIR so that `/metrics` adds up every worker's numbers.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
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
from pythonjsonlogger.json import JsonFormatter

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


def _start() -> None:
    g.started = time.perf_counter()
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex


def _finish(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    response.headers["X-Request-Id"] = g.get("request_id", "")
    labels = (request.endpoint or "unmatched", request.method, str(response.status_code))
    metrics: Metrics = _app_metrics()
    metrics.requests.labels(*labels).inc()
    metrics.latency.labels(*labels).observe(seconds)
    logging.getLogger(ACCESS_LOGGER).info("request", extra=_access_fields(response, seconds))
    return response


def _access_fields(response: Response, seconds: float) -> dict[str, Any]:
    return {
        "request_id": g.get("request_id"),
        "method": request.method,
        "path": request.path,
        "query": request.query_string.decode("latin-1")[:500],
        "status": response.status_code,
        "bytes": response.content_length,  # never buffer a streamed body to measure it
        "duration_ms": round(seconds * 1000, 2),
        "remote": request.remote_addr,
        "user_agent": request.user_agent.string[:200],
    }


def _app_metrics() -> Metrics:
    metrics: Metrics = current_app.extensions["metrics"]
    return metrics


def metrics_response() -> Response:
    """The body of `/metrics`."""
    return Response(_app_metrics().exposition(), mimetype=CONTENT_TYPE_LATEST)


def configure_access_log(app: Flask) -> None:
    """One JSON line per request on standard error, unless ACCESS_LOG is off."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if app.config.get("ACCESS_LOG", True) and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter("%(asctime)s %(message)s", timestamp=True))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def register(app: Flask) -> None:
    """Install request ids, metrics and the access log."""
    app.extensions["metrics"] = Metrics()
    configure_access_log(app)
    app.before_request(_start)
    app.after_request(_finish)
