"""`make bench`: the service against a hello-world ceiling, a bare view and Datasette, in one run.

    make bench                                   # or: .venv/bin/python -m bench.suite
    BENCH_SECONDS=2 BENCH_ROUNDS=2 make bench    # a quick look while developing

1. builds (once; cached under instance/bench/) the SYNTHETIC database of bench/suite_data.py;
2. serves it with the service's own gunicorn settings (cached and uncached), and beside it,
   under the same settings, the hello-world ceiling, a bare Flask + orjson view of the same
   SQL, and Datasette on the same file (bench/suite_servers.py);
3. checks that they answer the same rows, that the gzip answer is gzip and the same JSON,
   and that each cache is on or off as stated;
4. drives every URL with wrk (a warm-up, then rounds in alternating order);
5. writes the BENCH:SUITE section at the top of docs/PERFORMANCE.md and prints a summary.

It exits non-zero when a run saw errors (any non-2xx answer) or a check failed; a goal that
is not met is a result, reported as such. Not part of `make test`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from api.storage.models import Revision
from bench import load, servers, suite_charts, suite_checks
from bench.report import DOCS, replace_section
from bench.suite_build import cached_database
from bench.suite_data import FULL, TINY, Scale
from bench.suite_report import Run, machine_facts, section, summary
from bench.suite_servers import Scenario, make_servers, scenarios, with_same_size_ceiling

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARMUP_SECONDS = min(SECONDS, 3)
SCALE = {"full": FULL, "tiny": TINY}[os.environ.get("BENCH_SCALE", "full")]


def main() -> int:
    """Run the suite; 0 when every run was clean and every check passed."""
    started = time.perf_counter()
    load.ensure_wrk()
    database = cached_database(SCALE)
    latest = _latest_revision(database)
    running = make_servers(database, latest)
    found = scenarios(database, latest, SCALE.middle_revision)
    load_before = os.getloadavg()[0]
    try:
        _start_all(running, found)
        found = with_same_size_ceiling(found, _cached_size(running, found))
        invalid, sizes = _checks(running, found, SCALE)
        results = _measure(running, found)
        charts = suite_charts.measure(running["service-limited"], SCALE, SECONDS)
        print("charts: " + " ".join(suite_charts.lines(charts)[2:3]), flush=True)
        peaks = {name: servers.peak_rss_kb(server) for name, server in running.items()}
    finally:
        for server in running.values():
            servers.stop(server)
    for key, runs in results.items():
        errors = [error for result in runs for error in result.errors]
        if errors:
            invalid[key] = f"{key}: errors under load: {'; '.join(errors)}"
    facts = _facts(SCALE, database, started, load_before)
    run = Run(found, results, peaks, _commands(running), _wrk_lines(found), facts, invalid, sizes)
    run.charts = suite_charts.lines(charts)
    if SCALE is FULL:
        heading = "The benchmark suite (`make bench`)"
        replace_section(DOCS / "PERFORMANCE.md", "SUITE", section(run), heading, first=True)
    print(summary(run))
    return 1 if invalid else 0


def _start_all(running: dict[str, servers.Server], found: list[Scenario]) -> None:
    first_path: dict[str, str] = {}
    for scenario in found:
        first_path.setdefault(scenario.server, scenario.path)
    for name, server in running.items():
        servers.start(server, first_path[name])
        print(f"started {name} on port {server.port}", flush=True)


def _cached_size(running: dict[str, servers.Server], found: list[Scenario]) -> int:
    """The length of the JSON scenario's answer, for the same-size ceiling."""
    cached = next(s for s in found if s.key == "cached")
    return len(suite_checks.fetch(running[cached.server], cached.path).body)


def _checks(
    running: dict[str, servers.Server], found: list[Scenario], scale: Scale
) -> tuple[dict[str, str], dict[str, int]]:
    """Problems found before the load, by the scenario they spoil (same rows and a real gzip
    answer are a must), and the size of every scenario's body as sent."""
    json_keys = (*suite_checks.CACHED_KEYS, "uncached", "bare", "datasette")
    expected = {key: scale.json_points for key in json_keys}
    expected |= {f"as_of_{at}": scale.as_of_dates for at in ("oldest", "middle", "latest")}
    got = suite_checks.answers(running, found)
    problems = suite_checks.same_rows(found, got, expected)
    problems += suite_checks.gzip_problems(found, got)
    if problems:
        raise SystemExit("make bench: the servers do not answer alike:\n" + "\n".join(problems))
    spoiled = suite_checks.cache_problems(running, found)
    for problem in spoiled.values():
        print(f"PROBLEM: {problem}", flush=True)
    return spoiled, {key: len(answer.body) for key, answer in got.items()}


def _measure(
    running: dict[str, servers.Server], found: list[Scenario]
) -> dict[str, list[load.WrkResult]]:
    for scenario in found:
        _load(running[scenario.server], scenario, WARMUP_SECONDS)
    results: dict[str, list[load.WrkResult]] = {s.key: [] for s in found}
    for number in range(ROUNDS):
        for scenario in found if number % 2 == 0 else found[::-1]:
            result = _load(running[scenario.server], scenario, SECONDS)
            results[scenario.key].append(result)
            trouble = f"  ERRORS: {', '.join(result.errors)}" if result.errors else ""
            print(
                f"round {number + 1}/{ROUNDS} {scenario.label:<56} "
                f"{result.requests_per_second:>8.0f} req/s  p50 {result.p50_ms:.1f} ms  "
                f"p99 {result.p99_ms:.1f} ms{trouble}",
                flush=True,
            )
    return results


def _load(server: servers.Server, scenario: Scenario, seconds: int) -> load.WrkResult:
    """One wrk run, then a wait until the server has answered every request it was sent."""
    result = load.run(server.base + scenario.path, seconds, scenario.headers)
    servers.wait_idle(server)
    return result


def _latest_revision(database: Path) -> int:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.max(Revision.id))) or 0)
    finally:
        engine.dispose()


def _facts(scale: Scale, database: Path, started: float, load_before: float) -> dict[str, str]:
    from api import gunicorn_conf

    corrections = scale.revisions - 1
    data = (
        f"{scale.claims:,} made-up claims ({scale.claims + corrections:,} claim versions) in "
        f"{scale.bulk_series + 3} series (country `XX`, source `synthetic-bench`, documents at "
        f'`synthetic.invalid`, quotes starting "SYNTHETIC") over {scale.revisions:,} '
        f"revisions, from a seeded generator (`bench/suite_data.py`): {scale.bulk_series} "
        f"series of {scale.bulk_points:,} claims, one of {scale.long_points:,}, the "
        f"{scale.json_points:,}-claim series of the JSON scenario and the as_of series "
        f"({scale.as_of_dates:,} claims, one a day, added in revision 1; each later revision "
        f"corrects one of them, so it has {scale.as_of_dates + corrections:,} versions). "
        "Built once with the project's migrations and cached as "
        f"`instance/bench/{database.name}` ({database.stat().st_size / 2**20:,.0f} MB); "
        "never in `datasets/`."
    )
    minutes, seconds = divmod(int(time.perf_counter() - started), 60)
    return machine_facts() | {
        "data": data,
        "duration": f"{minutes} min {seconds} s",
        "rounds": str(ROUNDS),
        "gunicorn": _version([sys.executable, "-m", "gunicorn", "--version"]),
        "workers": str(gunicorn_conf.workers),
        "threads": str(gunicorn_conf.threads),
        "worker_class": str(gunicorn_conf.worker_class),
        "datasette": servers.datasette_version(),
        "wrk": _version(["wrk", "-v"]),
        "load": f"{load_before:.2f}, {os.getloadavg()[0]:.2f}",
    }


def _version(argv: list[str]) -> str:
    """The first version number a command prints about itself."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    found = re.search(r"\d+(?:\.\d+)+", done.stdout + done.stderr)
    return found.group(0) if found else "unknown"


def _commands(running: dict[str, servers.Server]) -> dict[str, str]:
    return {name: server.command() for name, server in running.items()}


def _wrk_lines(found: list[Scenario]) -> list[str]:
    """The wrk command lines: the plain one, and one for each set of extra headers."""
    lines = [shlex.join(load.command("URL", SECONDS))]
    for headers in dict.fromkeys(s.headers for s in found if s.headers):
        lines.append(shlex.join(load.command("URL", SECONDS, headers)))
    return lines


if __name__ == "__main__":
    sys.exit(main())
