"""Charts must not stall reads: `/v1/sources` p99 under chart load, against its idle p99.

Three clients loop on uncacheable comparison charts, as the attack in issue #11 did: seven
series of 20,000 claims each, a 2000 x 1500 PNG, a new random title every time (so the
response cache never helps). Each sends its next request as soon as it has an answer; a
503 (every drawing slot busy) is retried after its `Retry-After`, as HTTP clients do.
Meanwhile one wrk connection reads `/v1/sources`; the same probe also runs with no chart
load, just before. Goal: the loaded p99 at most 3x the idle one. The server is the
rate-limited one (`service-limited`), with the default chart settings: 2,000 points at most
(the seven series are thinned), 10 s per drawing, one drawing slot for two workers.
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from bench import load, servers
from bench.load import WrkResult
from bench.suite_data import Scale, bulk_series_ids

CLIENTS = 3
COMPARED = 7
GOAL = 3.0
PROBE = "/v1/sources"


@dataclass
class ChartLoad:
    """What the probe saw, idle and under chart load, and what the chart clients got."""

    idle: WrkResult
    loaded: WrkResult
    statuses: Counter[int] = field(default_factory=Counter)
    drawn_seconds: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Loaded p99 over idle p99."""
        return self.loaded.p99_ms / max(self.idle.p99_ms, 1e-9)


def chart_path(scale: Scale, rng: random.Random) -> str:
    """An uncacheable comparison chart: seven series, the largest size, a random title."""
    series = ",".join(bulk_series_ids(scale)[:COMPARED])
    title = quote(f"load {rng.getrandbits(64):x}")
    return f"/v1/compare/chart.png?series={series}&width=2000&height=1500&title={title}"


def measure(server: servers.Server, scale: Scale, seconds: int) -> ChartLoad:
    """The probe idle, then under the chart clients' load."""
    idle = load.run(server.base + PROBE, seconds, connections=1)
    servers.wait_idle(server)
    stop = threading.Event()
    result = ChartLoad(idle, idle)
    clients = [
        threading.Thread(target=_loop, args=(server, scale, n, stop, result), daemon=True)
        for n in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(2)  # every client has a drawing going or was told to wait
    result.loaded = load.run(server.base + PROBE, seconds, connections=1)
    stop.set()
    for client in clients:
        client.join(60)
    servers.wait_idle(server)
    return result


def _loop(
    server: servers.Server, scale: Scale, number: int, stop: threading.Event, result: ChartLoad
) -> None:
    rng = random.Random(1000 + number)
    while not stop.is_set():
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            connection.request("GET", chart_path(scale, rng))
            answer = connection.getresponse()
            answer.read()
        except OSError:
            result.statuses[0] += 1
            continue
        finally:
            connection.close()
        result.statuses[answer.status] += 1
        if answer.status == 200:
            result.drawn_seconds.append(time.perf_counter() - started)
        elif answer.status in (429, 503):
            stop.wait(float(answer.getheader("Retry-After") or 1))


def lines(result: ChartLoad) -> list[str]:
    """The section's Markdown: the goal, then the figures."""
    verdict = "met" if result.ratio <= GOAL else "**NOT met**"
    drawn = result.drawn_seconds
    median = f"{statistics.median(drawn):.2f} s" if drawn else "—"
    counted = sorted(result.statuses.items())
    statuses = ", ".join(f"{count} × {status or 'no answer'}" for status, count in counted)
    return [
        "| comparison | ratio | goal | verdict |",
        "| --- | --- | --- | --- |",
        f"| `/v1/sources` p99 under chart load ÷ idle p99 | **{result.ratio:.2f}** "
        f"| ≤ {GOAL:g} | {verdict} |",
        "",
        "| probe (`wrk -t1 -c1`, /v1/sources) | req/s | p50 ms | p99 ms |",
        "| --- | --- | --- | --- |",
        f"| idle | {result.idle.requests_per_second:.0f} | {result.idle.p50_ms:.2f} "
        f"| {result.idle.p99_ms:.2f} |",
        f"| under chart load | {result.loaded.requests_per_second:.0f} "
        f"| {result.loaded.p50_ms:.2f} | {result.loaded.p99_ms:.2f} |",
        "",
        f"Chart clients' answers while the probe ran and just after: {statuses}; a drawn "
        f"chart took {median} (median of {len(drawn)}), a busy one was a 503 at once.",
    ]
