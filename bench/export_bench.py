"""Time a 1,000,000-claim CSV export over HTTP: the service against a bare streaming view.

    python -m bench.export_bench [--rows 1000000] [--rounds 5] [--database URL]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench make bench-export

Builds the SYNTHETIC database (bench/synthetic.py) unless it holds the asked rows already,
starts two gunicorn servers with the same settings (`make serve`'s: 2 sync workers, plus a
timeout long enough for the export), one on the service and one on `bench/bare_app.py`,
downloads the CSV from each in alternating order, and writes its section of
docs/PERFORMANCE.md (one per engine): time and worker CPU time per download, the ratios, and
each server's worker peak RSS (VmHWM from /proc, Linux only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, select

from api.storage.models import Observation
from bench.report import replace_section
from bench.synthetic import SERIES_ID, build

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = f"sqlite:///{ROOT / 'instance' / 'bench-synthetic.sqlite'}"
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--timeout", "600"]


@dataclass
class Target:
    """One server under test."""

    name: str
    app: str
    path: str
    health: str
    port: int = 0
    process: subprocess.Popen | None = None
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    size: int = 0
    digest: str = ""
    boot_rss_kb: int = 0


def main() -> None:
    args = _arguments()
    rows = _ensure_database(args.database, args.rows)
    load_before = os.getloadavg()[0]
    service = Target(
        "service",
        "api:create_app()",
        f"/v1/series/{SERIES_ID}/observations.csv?claims=all",
        "/v1/series",
    )
    bare = Target("bare", "bench.bare_app:create_app()", f"/bare/{SERIES_ID}.csv", "/bare/health")
    targets = [service, bare]
    try:
        for target in targets:
            _start(target, args.database)
        for number in range(args.rounds):
            for target in targets if number % 2 == 0 else targets[::-1]:
                _download(target)
                wall, cpu = target.times[-1], target.cpu_times[-1]
                print(
                    f"round {number + 1} {target.name}: {wall:.2f} s, cpu {cpu:.2f} s", flush=True
                )
        peaks = {t.name: _peak_rss_kb(t) for t in targets}
        pandas = {t.name: _loads_pandas(t) for t in targets}
    finally:
        for target in targets:
            _stop(target)
    loads = (load_before, os.getloadavg()[0])
    typical = statistics.median(service.times)
    report = _report(args, rows, targets, peaks, pandas) + _notes(loads, typical, rows)
    heading, body = report.split("\n", 1)
    engine = args.database.split(":", 1)[0].split("+", 1)[0]
    name = "EXPORT" if engine == "sqlite" else f"EXPORT-{engine.upper()}"
    title = "Streaming a 1,000,000-claim CSV export" + (
        "" if engine == "sqlite" else f" ({engine})"
    )
    replace_section(Path(args.output), name, body.replace("\n## ", "\n### "), title)
    print(report)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--output", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    return parser.parse_args()


def _ensure_database(url: str, rows: int) -> int:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if _claim_count(url) != rows:
        print(f"building the synthetic database ({rows} claims) ...", flush=True)
        started = time.perf_counter()
        build(url, rows)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return _claim_count(url)


def _claim_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Observation)) or 0)
    except Exception:  # noqa: BLE001 - no database or no schema yet
        return -1
    finally:
        engine.dispose()


def _start(target: Target, database: str) -> None:
    target.port = _free_port()
    env = {**os.environ, "DATABASE_URL": database}
    argv = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{target.port}", *GUNICORN]
    target.process = subprocess.Popen(
        [*argv, target.app], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            _get(target, target.health)
            target.boot_rss_kb = max(_status_kb(pid, "VmRSS") for pid in _workers(target))
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{target.name} did not start")


def _stop(target: Target) -> None:
    if target.process and target.process.poll() is None:
        target.process.terminate()
        target.process.wait(timeout=30)


def _download(target: Target) -> None:
    cpu_before = _workers_cpu_seconds(target)
    started = time.perf_counter()
    size, digest = _get(target, target.path)
    target.times.append(time.perf_counter() - started)
    target.cpu_times.append(_workers_cpu_seconds(target) - cpu_before)
    target.size, target.digest = size, digest


def _workers_cpu_seconds(target: Target) -> float:
    """User + system CPU time of the server's workers (fields 14 and 15 of /proc/PID/stat)."""
    ticks = 0
    for pid in _workers(target):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _get(target: Target, path: str) -> tuple[int, str]:
    """Read the whole answer; its size and SHA-256."""
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=900)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{target.name} {path} answered {response.status}")
        digest, size = hashlib.sha256(), 0
        while chunk := response.read(1 << 16):
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()
    finally:
        connection.close()


def _workers(target: Target) -> list[int]:
    assert target.process is not None
    pid = target.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _peak_rss_kb(target: Target) -> int:
    return max(_status_kb(pid, "VmHWM") for pid in _workers(target))


def _loads_pandas(target: Target) -> bool:
    return any("/pandas/" in Path(f"/proc/{pid}/maps").read_text() for pid in _workers(target))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _report(args, rows, targets, peaks, pandas) -> str:  # type: ignore[no-untyped-def]
    service, bare = targets
    median = {t.name: statistics.median(t.times) for t in targets}
    best = {t.name: min(t.times) for t in targets}
    cpu = {t.name: statistics.median(t.cpu_times) for t in targets}
    lines = [
        f"# Performance: streaming a {rows:,}-claim CSV export",
        "",
        "Written by `make bench-export` (`python -m bench.export_bench`); "
        f"last run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. The numbers below are from "
        "that run; rerun it to measure your machine.",
        "",
        "**The data is SYNTHETIC**: one made-up series (`XX`, source `synthetic-bench`) of "
        f"{rows:,} claims from a seeded generator (`bench/synthetic.py`), in a database of "
        "its own, never in `datasets/`.",
        "",
        "## What is compared",
        "",
        f"- **service**: `GET {service.path}`, the API's own path (schemas, service, "
        "server-side cursor, CSV renderer with formula neutralisation and `true`/`false`).",
        f"- **bare**: `GET {bare.path}`, a bare Flask view (`bench/bare_app.py`) that runs "
        "the same SQL query (built by the same function) and streams the rows with "
        "`csv.writer`, nothing else.",
        f"- Both under gunicorn with the same settings ({' '.join(GUNICORN)}), started "
        f"fresh, downloaded {args.rounds} times each in alternating order in the same run.",
        "",
        "## Results",
        "",
        "| | service | bare |",
        "| --- | --- | --- |",
        f"| median time (s) | {median['service']:.2f} | {median['bare']:.2f} |",
        f"| fastest time (s) | {best['service']:.2f} | {best['bare']:.2f} |",
        f"| every run (s) | {_runs(service.times)} | {_runs(bare.times)} |",
        f"| median worker CPU time (s) | {cpu['service']:.2f} | {cpu['bare']:.2f} |",
        f"| every run's worker CPU (s) | {_runs(service.cpu_times)} | {_runs(bare.cpu_times)} |",
        f"| bytes | {service.size:,} | {bare.size:,} |",
        f"| worker RSS after start (MB) | {service.boot_rss_kb / 1024:.0f} | "
        f"{bare.boot_rss_kb / 1024:.0f} |",
        f"| worker peak RSS (MB) | {peaks['service'] / 1024:.0f} | {peaks['bare'] / 1024:.0f} |",
        f"| pandas loaded in a worker | {_yes(pandas['service'])} | {_yes(pandas['bare'])} |",
        "",
        f"**Ratio service / bare: {median['service'] / median['bare']:.2f} in wall time "
        f"(median), {best['service'] / best['bare']:.2f} (fastest runs), "
        f"{cpu['service'] / cpu['bare']:.2f} in worker CPU time (median)**; target: at most "
        "1.10. "
        f"**Worker peak RSS: {peaks['service'] / 1024:.0f} MB**; target: under 150 MB.",
        "",
        "## Machine",
        "",
        f"- {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs",
        f"- database: `{_engine_name(args.database)}`",
        "",
    ]
    return "\n".join(lines)


def _notes(loads: tuple[float, float], typical: float, rows: int) -> str:
    return "\n".join(
        [
            f"- load average (1 min) before and after the run: {loads[0]:.2f}, {loads[1]:.2f}",
            "",
            "## Reading the numbers",
            "",
            "- Both answers run one SQL query (a window function ranks the claims of each "
            "date, then a sort) and that query is much of the time; what the service adds "
            "per row (booleans as `true`/`false`, the formula guard) is a few string checks.",
            "- Wall time depends on whatever else the machine runs (other test suites and "
            "benchmarks shared the 2 CPUs here: see the load average); the workers' CPU time "
            "(from /proc) is the steadier measure of what each answer costs.",
            "- The two files differ by a few kilobytes: the service writes `true`/`false` and "
            "an apostrophe before text cells that start with `=`, `+`, `-` or `@` (1% of the "
            "synthetic quotes); the bare view writes Python's `True`/`False` and the raw text.",
            "- The service reads the rows on the session's Core connection: run through the "
            "ORM (`Session.execute`), the same query cost about 3 s more CPU per million rows "
            "(a first run of this benchmark measured 1.45x the bare view that way).",
            "- Peak RSS stays close to the worker's size after start (see the table): rows are "
            "fetched 2,000 at a time from a server-side cursor and written out in chunks of "
            "1,000. Neither worker loads "
            "pandas: only a request that resamples imports it.",
            f"- A {rows:,}-claim export took {typical:.0f} s here (median); gunicorn's default "
            "worker timeout is 30 s, so serve exports that large with a longer one "
            '(`GUNICORN_CMD_ARGS="--timeout 120" make serve`).',
            "",
        ]
    )


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _engine_name(url: str) -> str:
    return url.split("://", 1)[0] + "://…" + (url.rsplit("/", 1)[-1] if "/" in url else "")


if __name__ == "__main__":
    main()
