"""The load generator: wrk from Debian, run from this machine against the loopback.

`ensure_wrk` finds wrk or installs Debian's package (as .ci/run installs Chromium), and
says clearly what to do when it cannot. `run` drives one URL for a while and reads wrk's
report: requests/s, the 50th and 99th percentile latencies, and any errors. Any answer that
is not 2xx is an error, and so is a socket error other than the read errors that closing
connections cause (gunicorn's sync workers close every connection after its answer).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

THREADS = 2
CONNECTIONS = 16
TIMEOUT = "30s"  # wrk's default, 2 s, would count a slow but sound answer as an error
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured."""

    url: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: dict[str, int]

    @property
    def errors(self) -> list[str]:
        """What went wrong under load, if anything."""
        found = [f"{self.non_2xx} non-2xx answers"] if self.non_2xx else []
        hard = {k: v for k, v in self.socket_errors.items() if v and k != "read"}
        found += [f"{count} socket {kind} errors" for kind, count in hard.items()]
        return found + ([] if self.requests else ["no request completed"])


class LoadError(RuntimeError):
    """wrk is missing, failed, or saw errors."""


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package with apt-get when missing and root."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("wrk is missing; installing Debian's wrk package", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            subprocess.run(argv, check=False, env=env, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        raise LoadError("make bench needs wrk: install it (Debian: apt-get install wrk) and rerun")
    return found


def command(
    url: str,
    seconds: int,
    headers: tuple[tuple[str, str], ...] = (),
    connections: int = CONNECTIONS,
) -> list[str]:
    """The wrk command line for one run (`headers` go with every request: `-H 'Name: value'`)."""
    threads = min(THREADS, connections)
    options = [f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={TIMEOUT}"]
    for name, value in headers:
        options += ["-H", f"{name}: {value}"]
    options.append("--latency")
    return ["wrk", *options, url]


def run(
    url: str,
    seconds: int,
    headers: tuple[tuple[str, str], ...] = (),
    connections: int = CONNECTIONS,
) -> WrkResult:
    """Drive `url` for `seconds` (sending `headers`) and read wrk's report."""
    argv = command(url, seconds, headers, connections)
    argv[0] = ensure_wrk()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    if done.returncode != 0:
        raise LoadError(f"wrk failed on {url}: {done.stderr.strip() or done.stdout.strip()}")
    return parse(url, done.stdout)


def parse(url: str, report: str) -> WrkResult:
    """The figures of a wrk report (run with --latency)."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    if not rate or not total:
        raise LoadError(f"wrk's report on {url} has no request rate:\n{report}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    kinds = ("connect", "read", "write", "timeout")
    return WrkResult(
        url=url,
        requests_per_second=float(rate.group(1)),
        p50_ms=_percentile(report, "50"),
        p99_ms=_percentile(report, "99"),
        requests=int(total.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(kinds, map(int, sockets.groups()), strict=True)) if sockets else {},
    )


def _percentile(report: str, which: str) -> float:
    found = re.search(rf"^\s+{which}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.MULTILINE)
    if not found:
        raise LoadError(f"wrk's report has no {which}th percentile:\n{report}")
    return float(found.group(1)) * _UNITS[found.group(2)]
