"""What gunicorn itself does: forwarded headers, refusals as problems, one control socket each."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from bench.live_server import gunicorn
from tests.conftest import FIXTURES, database_of, make_app

pytestmark = pytest.mark.slow  # real gunicorn servers

SERIES = "/v1/series/XX.political_prisoners.alpha"


def _settings(**env: str) -> dict[str, object]:
    """The settings module as gunicorn reads it, in a fresh interpreter."""
    code = (
        "import json, api.gunicorn_conf as c; print(json.dumps({k: getattr(c, k) for k in "
        "('control_socket', 'forwarded_allow_ips', 'secure_scheme_headers', "
        "'limit_request_line')}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    settings: dict[str, object] = json.loads(run.stdout)
    return settings


def test_gunicorn_trusts_no_forwarded_header_itself():
    settings = _settings()
    assert (settings["forwarded_allow_ips"], settings["secure_scheme_headers"]) == ("", {})


def test_each_instance_has_a_control_socket_of_its_own():
    one, two = _settings(PORT="8101"), _settings(PORT="8101")
    assert one["control_socket"] != two["control_socket"]
    assert _settings(GUNICORN_CONTROL_SOCKET="/run/pc.ctl")["control_socket"] == "/run/pc.ctl"


def test_gunicorn_reads_request_lines_longer_than_the_longest_query():
    from flask import Flask

    from api.config import defaults

    longest = int(defaults(Flask("settings"))["MAX_QUERY_LENGTH"])
    assert int(str(_settings()["limit_request_line"])) >= longest + 4000


def _raw(base: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn on a database of the fixture data set."""
    path = tmp_path_factory.mktemp("served") / "db.sqlite"
    app = make_app(f"sqlite:///{path}")
    from api.storage import migrate
    from datasets.loader import load_pending

    migrate.upgrade(database_of(app))
    load_pending(database_of(app), FIXTURES)
    database_of(app).dispose()
    with gunicorn(f"sqlite:///{path}", workers=1, RATELIMIT_ENABLED="false") as base:
        yield base


def test_x_forwarded_proto_is_ignored_without_a_proxy(served):
    request = (
        f"GET {SERIES}/observations?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: on\r\nConnection: close\r\n\r\n"
    )
    status, headers, _ = _raw(served, request.encode())
    assert status == 200
    assert headers["link"].startswith("<http://127.0.0.1")
    assert "strict-transport-security" not in headers


def test_a_request_line_gunicorn_refuses_is_a_problem_too(served):
    for query in ("a" * 5000, "a" * 9000):  # the app's 414, then gunicorn's own
        request = f"GET {SERIES}?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        status, headers, body = _raw(served, request.encode())
        assert status == 414
        assert headers["content-type"] == "application/problem+json"
        assert json.loads(body)["status"] == 414
    status, headers, body = _raw(served, b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 400 and headers["content-type"] == "application/problem+json"
