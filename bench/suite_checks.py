"""Checks before any load: every URL answers the expected rows, caches are as stated.

- The service, the bare view and Datasette must answer the same rows in the same order
  (the observation ids of the JSON scenario), else the comparison would be meaningless.
- Both as_of URLs answer a full page.
- `bench/cache_probe.py` runs with each service server's environment: the cached server's
  view must run once for two identical requests, an uncached server's twice.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys

from bench.servers import ROOT, Server
from bench.suite_servers import Scenario


def same_rows(
    servers: dict[str, Server], found: list[Scenario], expected: dict[str, int]
) -> list[str]:
    """Problems with the answers (empty when every scenario answers as it should)."""
    problems, ids = [], {}
    for scenario in found:
        status, body = fetch(servers[scenario.server], scenario.path)
        if status != 200:
            problems.append(f"{scenario.label}: {scenario.path} answered {status}")
            continue
        if not scenario.rows_key:
            continue
        rows = json.loads(body)[scenario.rows_key]
        ids[scenario.key] = [row["observation_id"] for row in rows]
        if scenario.key in expected and len(rows) != expected[scenario.key]:
            wanted = expected[scenario.key]
            problems.append(f"{scenario.label}: {len(rows)} rows, expected {wanted}")
    compared = [ids.get(key) for key in ("cached", "uncached", "bare", "datasette")]
    if any(rows != compared[0] for rows in compared):
        problems.append("the service, the bare view and Datasette answer different rows")
    return problems


def cache_problems(servers: dict[str, Server], found: list[Scenario]) -> dict[str, str]:
    """Scenarios whose server's response cache is not as they say (on or off), and why."""
    problems = {}
    for scenario in found:
        if not scenario.server.startswith("service-"):
            continue
        server = servers[scenario.server]
        runs = view_runs(server, scenario.path)
        if runs != (1 if scenario.key == "cached" else 2):
            settings = " ".join(f"{k}={v}" for k, v in server.env.items() if "CACHE" in k)
            problems[scenario.key] = (
                f"{scenario.label}: the response cache is {'on' if runs == 1 else 'off'} "
                f"({settings or 'defaults'}): the view ran {runs} times for 2 identical requests"
            )
    return problems


def view_runs(server: Server, path: str) -> int:
    """How often the view ran for two GETs, in a process with `server`'s environment."""
    argv = [sys.executable, "-m", "bench.cache_probe", path]
    env = {**os.environ, **server.env, "ACCESS_LOG": "false"}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"cache probe failed for {server.name}: {done.stderr[-2000:]}")
    return int(done.stdout.strip().splitlines()[-1])


def fetch(server: Server, path: str) -> tuple[int, bytes]:
    """One GET; (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
