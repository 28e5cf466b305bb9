"""Benchmark: 8 concurrent writers x 1,000 writes against gunicorn (2 workers).

Run from the repository root with the project's venv: `make bench-writes` (or
`.venv/bin/python -m bench.concurrent_writes [--writers 8 --writes 1000]`). It builds a
fresh database per engine (SQLite always; PostgreSQL when TEST_DATABASE_URL is set) holding
the tests' small synthetic fixture data set, serves it with gunicorn, and has every writer
POST one claim per request. It checks afterwards that every write landed in exactly one
revision, with no gap in the revision ids, and records throughput, latency and errors in
docs/RELIABILITY.md (between the BENCH:WRITES markers).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api import create_app
from api.storage import migrate
from bench.databases import fresh_databases
from bench.live_server import FIXTURES, NEW_CLAIM, create_token, gunicorn, request
from bench.report import replace_section
from datasets.loader import load_pending

REPORT = Path(__file__).resolve().parents[1] / "docs" / "RELIABILITY.md"
START, END = "<!-- BENCH:WRITES:START -->", "<!-- BENCH:WRITES:END -->"


def prepare(url: str) -> str:
    """Migrate, load the synthetic fixtures and return a write token."""
    app = create_app({"DATABASE_URL": url})
    database = app.extensions["database"]
    migrate.upgrade(database)
    load_pending(database, FIXTURES)
    token = create_token(app, "bench")
    database.dispose()
    return token


def writer(
    base: str, auth: dict[str, str], number: int, writes: int
) -> list[tuple[int, float, int]]:
    results = []
    for n in range(writes):
        claim = {**NEW_CLAIM, "value": number * 100_000 + n, "note": "synthetic benchmark claim"}
        started = time.perf_counter()
        status, body = request("POST", f"{base}/v1/observations", claim, auth)
        revision = body.get("revision", -1) if isinstance(body, dict) else -1
        results.append((status, time.perf_counter() - started, revision))
    return results


def run(engine: str, url: str, writers: int, writes: int) -> dict[str, object]:
    token = prepare(url)
    auth = {"Authorization": f"Bearer {token}"}
    with gunicorn(url, workers=2, RATELIMIT_ENABLED="false") as base:
        started = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            batches = list(pool.map(lambda w: writer(base, auth, w, writes), range(writers)))
        elapsed = time.perf_counter() - started
        _, revisions = request("GET", f"{base}/v1/revisions?limit=10000")
    results = [r for batch in batches for r in batch]
    errors = sum(1 for status, _, _ in results if status != 201)
    landed = sorted(r for status, _, r in results if status == 201)
    expected = list(range(3, 3 + len(landed)))
    ids = sorted(r["id"] for r in revisions["data"])
    latencies = sorted(seconds for _, seconds, _ in results)
    return {
        "engine": engine,
        "writes": len(results),
        "errors": errors,
        "seconds": elapsed,
        "per_second": len(results) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "gapless": landed == expected and ids == list(range(1, 3 + len(landed))),
    }


def report(rows: list[dict[str, object]], writers: int, writes: int) -> str:
    lines = [
        START,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{writers} writers x {writes} writes, one claim per POST, gunicorn with 2 sync workers "
        "(`make bench-writes`).",
        "",
        "| engine | writes | errors | seconds | writes/s | p50 ms | p99 ms "
        "| every write one revision, no gaps |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['engine']} | {r['writes']} | {r['errors']} | {r['seconds']:.1f} | "
            f"{r['per_second']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{'yes' if r['gapless'] else 'NO'} |"
        )
    return "\n".join([*lines, END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    with fresh_databases("bench-writes") as found:
        for engine, url in found:
            rows.append(run(engine, url, args.writers, args.writes))
            print(rows[-1])
    section = report(rows, args.writers, args.writes)
    replace_section(
        REPORT, "WRITES", section.split("\n", 1)[1].rsplit("\n", 1)[0], "Concurrent writes"
    )


if __name__ == "__main__":
    main()
