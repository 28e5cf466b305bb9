"""/healthz (the process answers), /readyz (the database answers, schema current), /metrics."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from api.http.middleware.observability import metrics_response
from api.http.middleware.problems import problem
from api.http.responses import database
from api.storage import migrate

blp = Blueprint("ops", __name__)


@blp.get("/healthz")
def healthz() -> Response:
    """The process is up."""
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz() -> Response:
    """The database answers and its schema is at the newest migration."""
    db = database()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = migrate.is_current(db)
    except Exception as error:  # noqa: BLE001 - any database failure means: not ready
        return problem(503, "Service Unavailable", f"database unreachable: {type(error).__name__}")
    if not current:
        return problem(503, "Service Unavailable", "database schema is not at the newest migration")
    return jsonify(status="ready")


@blp.get("/metrics")
def metrics() -> Response:
    """Prometheus text format: requests and latency by endpoint, method and status."""
    return metrics_response()
