"""Servers under test: gunicorn with the service's own settings file, on free ports.

Every server, the service's and the comparisons', starts as
`gunicorn -c api/gunicorn_conf.py --bind 127.0.0.1:PORT APP` from the repository root, so
they share the worker count, worker class, timeouts and keep-alive that `prisoner-counts
serve` uses (Datasette alone needs an ASGI worker class). Each server's standard error (the
service's JSON access log among it) goes to a file under instance/bench/logs/.
"""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "instance" / "bench"
CONFIG = "api/gunicorn_conf.py"
DATASETTE_VENV = WORK / "datasette-venv"
DATASETTE_REQUIREMENT = "datasette==0.65.5"


@dataclass
class Server:
    """One gunicorn server: how it is started, and its process once it runs."""

    name: str
    app: str
    env: dict[str, str] = field(default_factory=dict)
    python: str = sys.executable
    options: tuple[str, ...] = ()
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        """The command line, with the port it was given."""
        bind = ("--bind", f"127.0.0.1:{self.port}")
        return [self.python, "-m", "gunicorn", "-c", CONFIG, *bind, *self.options, self.app]

    def command(self) -> str:
        """The command as a person would type it from the repository root."""
        here = f"{ROOT}/"
        env = " ".join(f"{k}={shlex.quote(v.replace(here, ''))}" for k, v in self.env.items())
        argv = [_relative(self.python), *self.argv()[1:]]
        return f"{env} {shlex.join(argv)}".strip()

    @property
    def log(self) -> Path:
        """Where the server's standard error goes."""
        return WORK / "logs" / f"{self.name}.log"


def start(server: Server, health_path: str) -> None:
    """Start `server` on a free port and wait until `health_path` answers 200."""
    server.port = free_port()
    server.log.parent.mkdir(parents=True, exist_ok=True)
    with server.log.open("wb") as log:
        server.process = subprocess.Popen(
            server.argv(),
            cwd=ROOT,
            env={**os.environ, **server.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        if _answers(server.port, health_path):
            return
        time.sleep(0.3)
    tail = server.log.read_text(errors="replace")[-3000:]
    stop(server)
    raise RuntimeError(f"{server.name} did not start ({server.command()}):\n{tail}")


def stop(server: Server) -> None:
    """Stop the server's process group (master and workers)."""
    if server.process is None or server.process.poll() is not None:
        return
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)


def peak_rss_kb(server: Server) -> int:
    """Sum of the peak resident set sizes (VmHWM) of the master and its workers (Linux)."""
    assert server.process is not None
    return sum(_status_kb(pid, "VmHWM") for pid in _tree(server.process.pid))


def wait_idle(server: Server, quiet: float = 0.5, limit: float = 300) -> None:
    """Wait until the server's processes use no CPU for `quiet` seconds.

    wrk closes its connections at the end of a run, but requests it already sent wait in
    the listen queue and sync workers still answer them: without this wait, a slow
    scenario's leftovers would run during the next scenario's measurement.
    """
    deadline = time.monotonic() + limit
    before = _cpu_ticks(server)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = _cpu_ticks(server)
        if now == before:
            return
        before = now
    raise RuntimeError(f"{server.name} was still busy {limit:.0f} s after its load stopped")


def free_port() -> int:
    """A TCP port on the loopback that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def datasette_python() -> str:
    """The Python of a venv of Datasette's own under instance/bench/, made when missing."""
    python = DATASETTE_VENV / "bin" / "python"
    marker = DATASETTE_VENV / f".installed-{DATASETTE_REQUIREMENT}"
    if not marker.exists():
        print(
            f"installing {DATASETTE_REQUIREMENT} into {_relative(str(DATASETTE_VENV))}", flush=True
        )
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", "--clear", str(DATASETTE_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, DATASETTE_REQUIREMENT, "gunicorn"], check=True)
        marker.touch()
    return str(python)


def datasette_version() -> str:
    """The installed Datasette's version."""
    argv = [datasette_python(), "-c", "import datasette.version as v; print(v.__version__)"]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += _tree(int(child))
    return found


def _cpu_ticks(server: Server) -> int:
    """User + system CPU time of the server's processes, in clock ticks (/proc/PID/stat)."""
    assert server.process is not None
    ticks = 0
    for pid in _tree(server.process.pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks


def _status_kb(pid: int, key: str) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _relative(path: str) -> str:
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return path
