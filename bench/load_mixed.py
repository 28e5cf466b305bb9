"""Load: mixed reads and writes at 64 connections for 60 s against gunicorn.

Run from the repository root: `make bench-load` (or `.venv/bin/python -m bench.load_mixed
[--seconds 60 --connections 64 --writers 4]`). It loads the shipped data set into a fresh
SQLite database (and one on PostgreSQL when TEST_DATABASE_URL is set), serves it with
gunicorn (2 sync workers, rate limits off), and keeps every connection busy with
keep-alive requests: most connections read (every kind of read endpoint, JSON and CSV),
a few write claims (synthetic, marked so in their note, to a series of their own).
Afterwards it checks that every acknowledged write is stored with its value, and
records requests, errors, lost writes and latency in docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from api import create_app
from api.storage import migrate
from bench.databases import fresh_databases
from bench.live_server import create_token, gunicorn, request
from bench.report import replace_section
from datasets.loader import load_pending

REPORT = Path(__file__).resolve().parents[1] / "docs" / "RELIABILITY.md"
START, END = "<!-- BENCH:LOAD:START -->", "<!-- BENCH:LOAD:END -->"
VIASNA = "BY.political_prisoners.viasna"
READS = [
    "/v1/series",
    f"/v1/series/{VIASNA}",
    f"/v1/series/{VIASNA}/observations",
    f"/v1/series/{VIASNA}/observations?format=csv&claims=all",
    f"/v1/series/{VIASNA}/observations?as_of=1&start=2024",
    "/v1/releases",
    "/v1/releases?format=csv",
    "/v1/sources",
    "/v1/documents?limit=100",
    "/v1/revisions",
    "/v1/tags",
    "/v1/changes?since=1",
    "/v1/observations/82",
    "/v1/observations/82/history",
]
SERIES = {
    "country": "ZZ",
    "measure": "political_prisoners",
    "source_id": "load-test",
    "kind": "stock",
    "title": "Synthetic load-test series",
}


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    written: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(url: str) -> str:
    """Migrate, load the shipped data set, add a synthetic series; return a write token."""
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    database = app.extensions["database"]
    migrate.upgrade(database)
    load_pending(database)
    token = create_token(app, "load")
    client, auth = app.test_client(), {"Authorization": f"Bearer {token}"}
    source = {"id": "load-test", "name": "Synthetic load test", "kind": "press"}
    assert client.post("/v1/sources", json=source, headers=auth).status_code == 201
    assert client.post("/v1/series", json=SERIES, headers=auth).status_code == 201
    database.dispose()
    return token


def client_loop(port: int, stop: float, tally: Tally, writer: int | None, token: str) -> None:
    """One keep-alive connection, reading (or writing) until `stop`."""
    rng = random.Random(writer if writer is not None else threading.get_ident())
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = 0
    while time.monotonic() < stop:
        n += 1
        method, path, body = _next_request(rng, writer, n)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers if body else {})
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            _record(tally, started, f"{method} {path}: {type(error).__name__}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        problem = None if response.status < 400 else f"{method} {path}: {response.status}"
        _record(tally, started, problem)
        if body and response.status == 201:
            value = json.loads(body)["value"]
            with tally.lock:
                tally.written[json.loads(payload)["observation_ids"][0]] = value
    connection.close()


def _next_request(rng: random.Random, writer: int | None, n: int) -> tuple[str, str, str | None]:
    if writer is None:
        return "GET", rng.choice(READS), None
    claim = {
        "series_id": "ZZ.political_prisoners.load-test",
        "date": f"{1900 + n // 12}-{n % 12 + 1:02d}-01",
        "value": writer * 1_000_000 + n,
        "document_url": f"https://load-test.invalid/{writer}",
        "quote": f"synthetic load-test claim {writer}-{n}",
        "note": "synthetic benchmark claim",
    }
    return "POST", "/v1/observations", json.dumps(claim)


def _record(tally: Tally, started: float, problem: str | None) -> None:
    with tally.lock:
        tally.latencies.append(time.perf_counter() - started)
        if problem:
            tally.errors.append(problem)


def lost_writes(base: str, written: dict[int, int]) -> int:
    """Acknowledged writes that are not stored with their value."""
    status, body = request(
        "GET",
        f"{base}/v1/series/ZZ.political_prisoners.load-test/observations?claims=all&limit=10000",
    )
    stored = {row["observation_id"]: row["value"] for row in body["data"]} if status == 200 else {}
    return sum(1 for obs, value in written.items() if stored.get(obs) != value)


def run(engine: str, url: str, seconds: float, connections: int, writers: int) -> dict:
    token = prepare(url)
    tally = Tally()
    with gunicorn(url, workers=2, RATELIMIT_ENABLED="false", ACCESS_LOG="false") as base:
        port = int(base.rsplit(":", 1)[1])
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(port, stop, tally, n if n < writers else None, token),
            )
            for n in range(connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lost = lost_writes(base, tally.written)
    latencies = sorted(tally.latencies)
    return {
        "engine": engine,
        "requests": len(latencies),
        "per_second": len(latencies) / seconds,
        "errors": len(tally.errors),
        "first_error": tally.errors[0] if tally.errors else "",
        "writes": len(tally.written),
        "lost": lost,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }


def report(rows: list[dict], args: argparse.Namespace) -> str:
    lines = [
        START,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}: {args.seconds:.0f} s, "
        f"{args.connections} keep-alive connections ({args.writers} writing, the rest reading "
        "every kind of endpoint), gunicorn with 2 sync workers, rate limits off, the load "
        "generator on the same machine (`make bench-load`).",
        "",
        "| engine | requests | requests/s | errors | writes | lost writes | p50 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['engine']} | {r['requests']} | {r['per_second']:.0f} | {r['errors']} | "
            f"{r['writes']} | {r['lost']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    errors = [f"- {r['engine']}: first error `{r['first_error']}`" for r in rows if r["errors"]]
    return "\n".join([*lines, *([""] + errors if errors else []), END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    rows = []
    with fresh_databases("load") as found:
        for engine, url in found:
            rows.append(run(engine, url, args.seconds, args.connections, args.writers))
            print(rows[-1])
    section = report(rows, args)
    replace_section(REPORT, "LOAD", section.split("\n", 1)[1].rsplit("\n", 1)[0], "Mixed load")


if __name__ == "__main__":
    main()
