"""gunicorn settings, from the environment: `gunicorn -c python:api.gunicorn_conf`.

Two sync workers (one per core) measured best for this service on two cores: threads in
one worker contend for the GIL inside the sqlite3 module. Request timeouts keep a stuck
request from holding a worker for ever.

Forwarded headers: gunicorn would trust `X-Forwarded-Proto` from 127.0.0.1 by default, so a
local client could pass for HTTPS. Here it trusts none; the app trusts exactly the
`PROXY_COUNT` proxies in front (werkzeug's ProxyFix), and nothing when it is 0.

Request lines: gunicorn reads at most 8,190 bytes (its maximum), far above
`MAX_QUERY_LENGTH` (4,096) plus any path of the API, so the app answers a long query
itself (414 problem+json). What gunicorn refuses on its own (a longer line, a malformed
request, too many headers) is answered as problem+json too (`problem_error`), never as
gunicorn's HTML page.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import gunicorn.util

port = os.environ.get("PORT", "8000")
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{port}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
limit_request_line = 8190  # gunicorn's maximum; 0 would mean unlimited
limit_request_fields = 100
forwarded_allow_ips = ""  # trust no X-Forwarded-* here: PROXY_COUNT decides, in the app
secure_scheme_headers: dict[str, str] = {}
# One control socket per running instance (the default path is one per user, and an
# instance that exits removes it under the others).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    tempfile.gettempdir(), f"prisoner-counts-{port}-{os.getpid()}.ctl"
)
accesslog = None  # the app writes one JSON line per request itself
errorlog = "-"


def problem_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own refusals as RFC 9457 problem+json (in place of its HTML page)."""
    body = json.dumps(
        {"type": "about:blank", "title": reason, "status": status_int, "detail": mesg or reason}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
    )
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)


gunicorn.util.write_error = problem_error  # what gunicorn's workers call to refuse


def child_exit(server: Any, worker: Any) -> None:
    """Forget a dead worker's metrics so /metrics adds up the living ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
