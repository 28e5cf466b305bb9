"""Chart speed, measured in one run: `python -m bench.charts` (with the project venv).

Builds a SYNTHETIC data set (one series of 100 points, seeded random walk, country XX),
serves it with gunicorn exactly as `prisoner-counts serve` does (2 sync workers), and
measures on this machine:

- bare render: vl-convert drawing the service's own spec to SVG, in this process;
- uncached chart.svg: one client, each request a new query (a cache miss), mean latency;
- cached chart.svg: requests/s under load (wrk, else a Python client);
- the ceiling: a hello-world Flask app under the same gunicorn settings, same load.

Targets (issue 5): uncached <= 1.5x the bare render; cached >= 50 % of the ceiling.
Writes the figures to docs/PERFORMANCE.md (section "Charts") and prints them.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from bench.report import replace_section

ROOT = Path(__file__).resolve().parents[1]

SERIES = "XX.political_prisoners.synthetic"
CHART = f"/v1/series/{SERIES}/chart.svg"
POINTS = 100
SEQUENTIAL = 40
LOAD_SECONDS = 3
ROUNDS = 7  # cached and ceiling alternate, so that both meet the same background load
CONNECTIONS = 8
REPORT = ROOT / "docs" / "PERFORMANCE.md"


def synthetic_changeset(folder: Path) -> None:
    """One series of POINTS monthly claims, a seeded random walk: clearly synthetic."""
    folder.mkdir(parents=True)
    rng = random.Random(42)
    meta = {"message": "SYNTHETIC bench data", "author": "bench"}
    (folder / "changeset.json").write_text(json.dumps(meta))
    source = {"id": "synthetic", "name": "Synthetic Source (bench)", "kind": "human_rights_org"}
    _csv(folder / "sources.csv", [{**source, "homepage": "", "description": "made up"}])
    series = {"id": SERIES, "country": "XX", "measure": "political_prisoners"}
    series |= {"source_id": "synthetic", "kind": "stock", "unit": "persons"}
    series |= {"title": "Synthetic series (bench)", "method_note": "synthetic", "licence": "CC0"}
    _csv(folder / "series.csv", [series])
    document = {"url": "https://bench.test/doc", "title": "Synthetic", "publisher": "Bench"}
    document |= {"published_at": "2020-01-01", "language": "en", "archive_url": ""}
    _csv(folder / "documents.csv", [document])
    _csv(folder / "observations.csv", list(_random_walk(rng)))


def _random_walk(rng: random.Random) -> Iterator[dict[str, str]]:
    value = 500
    for month in range(POINTS):
        value = max(0, value + rng.randint(-40, 50))
        claim = {"series_id": SERIES, "date": f"{2010 + month // 12}-{month % 12 + 1:02d}"}
        claim |= {"period_start": "", "value": str(value), "status": "reported"}
        claim |= {"qualifier": rng.choice(["exact"] * 4 + ["about"]), "primary": "true"}
        claim |= {"reported_by": "Bench", "document_url": "https://bench.test/doc"}
        claim |= {"quote": f"synthetic quote {month}", "note": "", "release_id": ""}
        yield claim


def _csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str]) -> Iterator[int]:
    """`app` under gunicorn with the service's settings (2 sync workers, no access log)."""
    port = free_port()
    argv = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", app]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    proc = subprocess.Popen(
        argv, cwd=ROOT, env={**os.environ, **env}, start_new_session=True, **quiet
    )
    try:
        wait_until_up(port)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def wait_until_up(port: int) -> None:
    for _ in range(300):
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port}")


def get(port: int, path: str, connection: http.client.HTTPConnection | None = None) -> bytes:
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:200]!r}")
    return body


def bare_render_ms(spec: dict) -> float:
    import vl_convert

    for _ in range(3):
        vl_convert.vegalite_to_svg(spec, vl_version="6.4")
    times = []
    for _ in range(SEQUENTIAL):
        start = time.perf_counter()
        vl_convert.vegalite_to_svg(spec, vl_version="6.4")
        times.append(time.perf_counter() - start)
    return statistics.mean(times) * 1000


def uncached_ms(port: int) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(6):  # warm both workers' renderers
        get(port, f"{CHART}?title=warm-{i}", conn)
    times = []
    for i in range(SEQUENTIAL):
        start = time.perf_counter()
        get(port, f"{CHART}?title=bench-{i}", conn)
        times.append(time.perf_counter() - start)
    return statistics.mean(times) * 1000


def throughput(port: int, path: str) -> tuple[float, str]:
    """Requests/s under load: wrk if installed, else threads of keep-alive clients."""
    for _ in range(4):
        get(port, path)
    if shutil.which("wrk"):
        options = ["-t2", f"-c{CONNECTIONS}", f"-d{LOAD_SECONDS}s"]
        argv = ["wrk", *options, f"http://127.0.0.1:{port}{path}"]
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        found = re.search(r"Requests/sec:\s+([\d.]+)", out)
        assert found, out
        return float(found.group(1)), "wrk " + " ".join(options)
    return python_load(port, path), f"{CONNECTIONS} Python keep-alive clients, {LOAD_SECONDS}s"


def python_load(port: int, path: str) -> float:
    done, stop = [0] * CONNECTIONS, time.perf_counter() + LOAD_SECONDS

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            get(port, path, conn)
            done[slot] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / LOAD_SECONDS


def load_synthetic(url: str, folder: Path) -> None:
    """Migrate a new database and apply the synthetic changeset, as `load-datasets` does."""
    from api.storage import migrate
    from api.storage.db import Database
    from datasets.loader import load_pending

    database = Database(url)
    migrate.upgrade(database)
    load_pending(database, folder)
    database.dispose()


def measure() -> dict[str, object]:
    loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "changesets"
        synthetic_changeset(folder / "0001-synthetic")
        database = f"sqlite:///{tmp}/bench.sqlite"
        load_synthetic(database, folder)
        service = gunicorn("api:create_app()", {"DATABASE_URL": database})
        with service as port, gunicorn("bench.hello:app", {}) as hello:
            spec = json.loads(get(port, f"/v1/series/{SERIES}/chart.vl.json"))
            figures: dict[str, object] = {"bare_ms": bare_render_ms(spec), "loadavg": loadavg}
            figures["uncached_ms"] = uncached_ms(port)
            cached, ceiling = [], []
            for _ in range(ROUNDS):
                rate, figures["load"] = throughput(port, CHART)
                cached.append(rate)
                ceiling.append(throughput(hello, "/")[0])
            figures["cached_rps"] = statistics.median(cached)
            figures["ceiling_rps"] = statistics.median(ceiling)
    return figures


def report(f: dict[str, object]) -> str:
    uncached = float(f["uncached_ms"]) / float(f["bare_ms"])  # type: ignore[arg-type]
    cached = float(f["cached_rps"]) / float(f["ceiling_rps"])  # type: ignore[arg-type]

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    return f"""## Charts

Measured by `python -m bench.charts` on {platform.machine()}, {os.cpu_count()} cores,
Python {platform.python_version()}, {time.strftime("%Y-%m-%d")}: a synthetic series of
{POINTS} points, gunicorn with 2 sync workers (as `prisoner-counts serve`), SQLite.
Load: {f["load"]}, {ROUNDS} rounds alternating with the ceiling, medians.
Load average of the machine before the run: {f["loadavg"]} (other work on the same
cores slows every figure; the ratios are taken side by side in one run).

| what | figure |
| --- | --- |
| bare render (vl-convert, same spec, in process) | {f["bare_ms"]:.1f} ms |
| `chart.svg` uncached (a new query each time, one client) | {f["uncached_ms"]:.1f} ms |
| `chart.svg` cached | {f["cached_rps"]:.0f} requests/s |
| hello-world Flask app, same gunicorn settings (ceiling) | {f["ceiling_rps"]:.0f} requests/s |

- uncached / bare render: **{uncached:.2f}x** (target <= 1.5x: {verdict(uncached <= 1.5)})
- cached / ceiling: **{cached:.0%}** (target >= 50 %: {verdict(cached >= 0.5)})
"""


def write_report(section: str) -> None:
    """Replace the Charts section of docs/PERFORMANCE.md, keeping the others."""
    body = section.split("\n", 1)[1] if section.startswith("## Charts") else section
    replace_section(REPORT, "CHARTS", body, "Charts")


if __name__ == "__main__":
    section = report(measure())
    write_report(section)
    print(section)
