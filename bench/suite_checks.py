"""Checks before any load: every URL answers the expected rows, caches are as stated.

- The service, the bare view and Datasette must answer the same rows in the same order
  (the observation ids of the JSON scenario), else the comparison would be meaningless.
- The as_of URLs (oldest, middle, latest) answer a full page of the same claims.
- The gzip scenario's answer really is gzip (`Content-Encoding: gzip`) and decompresses to
  the same JSON as the identity-encoded answer of the same URL.
- `bench/cache_probe.py` runs with each service server's environment and each scenario's
  headers: the cached server's view must run once for two identical requests, an uncached
  server's twice.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from bench.servers import ROOT, Server
from bench.suite_servers import Scenario


@dataclass(frozen=True)
class Answer:
    """One GET's status, headers (names in lower case) and body as sent."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def decoded(self) -> bytes:
        """The body, decompressed when it says it is gzip."""
        if self.headers.get("content-encoding") == "gzip":
            return gzip.decompress(self.body)
        return self.body


CACHED_KEYS = ("cached", "cached_gzip", "cached_limited")
CACHED_SERVERS = ("service-cached", "service-limited")


def answers(servers: dict[str, Server], found: list[Scenario]) -> dict[str, Answer]:
    """Every scenario's answer, by scenario key."""
    return {s.key: fetch(servers[s.server], s.path, dict(s.headers)) for s in found}


def same_rows(found: list[Scenario], got: dict[str, Answer], expected: dict[str, int]) -> list[str]:
    """Problems with the answers (empty when every scenario answers as it should)."""
    problems, ids = [], {}
    for scenario in found:
        answer = got[scenario.key]
        if answer.status != 200:
            problems.append(f"{scenario.label}: {scenario.path} answered {answer.status}")
            continue
        if not scenario.rows_key:
            continue
        rows = json.loads(answer.decoded)[scenario.rows_key]
        ids[scenario.key] = [row["observation_id"] for row in rows]
        if scenario.key in expected and len(rows) != expected[scenario.key]:
            wanted = expected[scenario.key]
            problems.append(f"{scenario.label}: {len(rows)} rows, expected {wanted}")
    compared = [ids.get(key) for key in (*CACHED_KEYS, "uncached", "bare", "datasette")]
    if any(rows != compared[0] for rows in compared):
        problems.append("the service, the bare view and Datasette answer different rows")
    as_of = [ids.get(key) for key in ("as_of_oldest", "as_of_middle", "as_of_latest")]
    if any(rows != as_of[0] for rows in as_of):
        problems.append("the as_of URLs answer different claims at different revisions")
    return problems


def gzip_problems(found: list[Scenario], got: dict[str, Answer]) -> list[str]:
    """Problems with the gzip scenarios: not gzip, or not the identity answer's JSON."""
    problems = []
    for scenario in found:
        if not scenario.gzip:
            continue
        answer = got[scenario.key]
        identity = next(
            got[s.key]
            for s in found
            if (s.server, s.path, s.headers) == (scenario.server, scenario.path, ())
        )
        encoding = answer.headers.get("content-encoding", "(none)")
        if encoding != "gzip":
            problems.append(f"{scenario.label}: Content-Encoding is {encoding}, not gzip")
            continue
        try:
            same = json.loads(gzip.decompress(answer.body)) == json.loads(identity.body)
        except (OSError, EOFError, ValueError) as error:
            problems.append(f"{scenario.label}: the body does not decompress to JSON: {error}")
            continue
        if not same:
            problems.append(f"{scenario.label}: decompressed, it is not the identity answer's JSON")
    return problems


def cache_problems(servers: dict[str, Server], found: list[Scenario]) -> dict[str, str]:
    """Scenarios whose server's response cache is not as they say (on or off), and why."""
    problems = {}
    for scenario in found:
        if not scenario.server.startswith("service-"):
            continue
        server = servers[scenario.server]
        runs = view_runs(server, scenario.path, scenario.headers)
        if runs != (1 if scenario.server in CACHED_SERVERS else 2):
            settings = " ".join(f"{k}={v}" for k, v in server.env.items() if "CACHE" in k)
            problems[scenario.key] = (
                f"{scenario.label}: the response cache is {'on' if runs == 1 else 'off'} "
                f"({settings or 'defaults'}): the view ran {runs} times for 2 identical requests"
            )
    return problems


def view_runs(server: Server, path: str, headers: tuple[tuple[str, str], ...] = ()) -> int:
    """How often the view ran for two GETs, in a process with `server`'s environment."""
    argv = [sys.executable, "-m", "bench.cache_probe", path]
    argv += [f"{name}: {value}" for name, value in headers]
    env = {**os.environ, **server.env, "ACCESS_LOG": "false"}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"cache probe failed for {server.name}: {done.stderr[-2000:]}")
    return int(done.stdout.strip().splitlines()[-1])


def fetch(server: Server, path: str, headers: dict[str, str] | None = None) -> Answer:
    """One GET (with `headers`; http.client asks for no compression unless told to)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        sent = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, sent, response.read())
    finally:
        connection.close()
