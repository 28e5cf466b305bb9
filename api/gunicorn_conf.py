"""gunicorn settings, from the environment: `gunicorn -c python:api.gunicorn_conf`.

Two sync workers (one per core) measured best for this service on two cores: threads in
one worker contend for the GIL inside the sqlite3 module. Request timeouts keep a stuck
request from holding a worker for ever.
"""

from __future__ import annotations

import os
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
limit_request_line = 8190
limit_request_fields = 100
accesslog = None  # the app writes one JSON line per request itself
errorlog = "-"


def child_exit(server: Any, worker: Any) -> None:
    """Forget a dead worker's metrics so /metrics adds up the living ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
