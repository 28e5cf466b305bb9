"""The suite's figures as a section of docs/PERFORMANCE.md and as a summary on stdout.

Every goal is a ratio of median requests/s measured side by side in one run, and every
goal gets a verdict: met, NOT met, or INVALID (errors under load, or a cache that was not
as the scenario says). A miss is never left out.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import WrkResult
from bench.suite_servers import Scenario


@dataclass(frozen=True)
class Goal:
    """`numerator`'s median requests/s over `denominator`'s, and the bound it should meet."""

    label: str
    numerator: str
    denominator: str
    minimum: float | None = None
    maximum: float | None = None

    @property
    def bound(self) -> str:
        """The goal as text."""
        if self.minimum is not None:
            return f"≥ {self.minimum:g}"
        return f"≤ {self.maximum:g}" if self.maximum is not None else "(for information)"


GOALS = (
    Goal("cached JSON ÷ hello-world ceiling (req/s)", "cached", "hello", minimum=0.8),
    Goal(
        "cached JSON, gzip ÷ hello-world ceiling (req/s) (clients that accept gzip)",
        "cached_gzip",
        "hello",
    ),
    Goal("cached JSON ÷ hello-world answering as many bytes (req/s)", "cached", "hello_sized"),
    Goal(
        "cached JSON, rate limits on ÷ hello-world answering as many bytes (req/s)",
        "cached_limited",
        "hello_sized",
        minimum=0.9,
    ),
    Goal("uncached JSON ÷ bare Flask view + orjson (req/s)", "uncached", "bare", minimum=0.8),
    Goal("service (cached, as shipped) ÷ Datasette (req/s)", "cached", "datasette", minimum=10),
    Goal("service (uncached) ÷ Datasette (req/s)", "uncached", "datasette"),
    Goal(
        "as_of oldest ÷ latest, time per request (latest req/s ÷ oldest req/s)",
        "as_of_latest",
        "as_of_oldest",
        maximum=1.5,
    ),
    Goal(
        "as_of middle ÷ latest, time per request (latest req/s ÷ middle req/s)",
        "as_of_latest",
        "as_of_middle",
    ),
)


@dataclass
class Run:
    """Everything one `make bench` measured and needs to say."""

    scenarios: list[Scenario]
    results: dict[str, list[WrkResult]]
    peaks_kb: dict[str, int]
    commands: dict[str, str]
    wrk_commands: list[str]
    facts: dict[str, str]
    invalid: dict[str, str] = field(default_factory=dict)  # scenario key -> why
    sizes: dict[str, int] = field(default_factory=dict)  # scenario key -> body bytes as sent
    charts: list[str] = field(default_factory=list)  # the chart-load section's lines

    def rate(self, key: str) -> float:
        """Median requests/s of a scenario."""
        return statistics.median(r.requests_per_second for r in self.results[key])


def verdicts(run: Run) -> list[tuple[Goal, float, str]]:
    """(goal, ratio, verdict) for every goal."""
    found = []
    for goal in GOALS:
        ratio = run.rate(goal.numerator) / max(run.rate(goal.denominator), 1e-9)
        why = [run.invalid[k] for k in (goal.numerator, goal.denominator) if k in run.invalid]
        if why:
            verdict = "**INVALID**: " + "; ".join(why)
        elif goal.minimum is not None:
            verdict = "met" if ratio >= goal.minimum else "**NOT met**"
        elif goal.maximum is not None:
            verdict = "met" if ratio <= goal.maximum else "**NOT met**"
        else:
            verdict = "—"
        found.append((goal, ratio, verdict))
    return found


def goals_table(run: Run) -> list[str]:
    """The goals as a Markdown table."""
    lines = ["| comparison | ratio | goal | verdict |", "| --- | --- | --- | --- |"]
    for goal, ratio, verdict in verdicts(run):
        lines.append(f"| {goal.label} | **{ratio:.2f}** | {goal.bound} | {verdict} |")
    return lines


def figures_table(run: Run) -> list[str]:
    """Every scenario's figures (medians over the rounds) as a Markdown table."""
    lines = [
        "| scenario | server | req/s (median) | every run (req/s) | p50 ms | p99 ms "
        "| peak RSS, master + workers (MB) | body as sent (bytes) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in run.scenarios:
        results = run.results[scenario.key]
        every = ", ".join(_rate(r.requests_per_second) for r in results)
        p50 = statistics.median(r.p50_ms for r in results)
        p99 = statistics.median(r.p99_ms for r in results)
        peak = run.peaks_kb[scenario.server] / 1024
        lines.append(
            f"| {scenario.label} | `{scenario.server}` | {_rate(run.rate(scenario.key))} | {every} "
            f"| {p50:.1f} | {p99:.1f} | {peak:.0f} | {_size(run, scenario.key)} |"
        )
    return lines


def section(run: Run) -> str:
    """The Markdown between the BENCH:SUITE markers."""
    f = run.facts
    lines = [
        f"Written by `make bench` (`python -m bench.suite`) on {f['date']}, in {f['duration']}. "
        "The figures are from that run; rerun it to measure your machine. Ratios are taken "
        "side by side in one run (other work shares these 2 cores).",
        "",
        f"**The data is SYNTHETIC**: {f['data']}",
        "",
        "### Goals",
        "",
        *goals_table(run),
        "",
        "### Charts do not stall reads",
        "",
        *run.charts,
        "",
        "### Every figure",
        "",
        f"Load: `{run.wrk_commands[0]}` from the same machine, per URL (the gzip scenario "
        "adds `-H 'Accept-Encoding: gzip'`): a warm-up run of each, "
        f"then {f['rounds']} rounds in alternating order (forward, backward, …), medians. "
        "p50 and p99 are wrk's latency distribution: with 16 connections on 2 sync workers "
        "they include the wait for a free worker. After each run the suite waits until the "
        "server is idle, so requests left queued by a slow scenario never overlap the next. "
        "Peak RSS is the sum of VmHWM (/proc) over the gunicorn master and its workers, at "
        "the end of the run. The body is the answer's length as the checks before the load "
        "received it (compressed for the gzip scenario).",
        "",
        *figures_table(run),
        *_problems(run),
        "",
        "### Machine",
        "",
        *[f"- {line}" for line in machine_lines(f)],
        "",
        "### Commands",
        "",
        "From the repository root (ports are free ones picked at run time):",
        "",
        "```sh",
        *[f"{command}   # {name}" for name, command in run.commands.items()],
        *run.wrk_commands,
        "```",
        "",
        "### Reading the numbers",
        "",
        *[f"- {note}" for note in (*NOTES, gzip_note(run))],
    ]
    return "\n".join(lines)


NOTES = (
    "The service runs as in production: `api/gunicorn_conf.py`, request ids, Prometheus "
    "metrics (multiprocess mode, as `prisoner-counts serve` sets it up), the JSON access log "
    "(to instance/bench/logs/); rate limits off (`RATELIMIT_ENABLED=false`) except on "
    "`service-limited`, which counts every request as shipped. wrk sends no "
    "`If-None-Match`, so every answer is a full 200, and asks for no compression except in "
    "the gzip scenario.",
    "The hello-world ceiling (`bench/hello.py`) answers a 200-byte JSON object; the JSON "
    "scenario's answer is 1,000 claims with their provenance, several hundred kilobytes, "
    "which wrk must read on the same 2 cores. So the same app also answers a padded object "
    "of the cached answer's size (`/padded/<bytes>`): the ceiling for sending that much.",
    "The bare view (`bench/bare_json.py`) looks up the latest revision and runs the "
    "service's own query (built by the same functions), then dumps the rows with orjson: "
    "no schemas, middleware or cache. The checks before the load compare its rows, the "
    "service's and Datasette's: the same observation ids in the same order.",
    "Datasette runs the same SQL text as a canned query (`bench/datasette_app.py`), the "
    "file opened immutable, under the same gunicorn settings with uvicorn's worker class "
    "(Datasette is ASGI), in a venv of its own under instance/bench/.",
    "The as_of series has 1,000 dates: revision 1 adds one claim a day, and each later "
    "revision corrects one of them (the dates in turn; the old version gets `removed_in`, "
    "the new one the same observation id and the next version, as "
    "`RevisionWriter.correct_observation` writes it). So at every revision the series holds "
    "the same 1,000 live claims, and `as_of=1`, the middle and the latest revision answer "
    "the same 1,000 rows (the checks compare their observation ids) out of a "
    "100,000-version history: the goal (the past no slower than 1.5x the present) measures "
    "the cost of history depth, not of answer size. The as_of server is uncached "
    "(`RESPONSE_CACHE_MB=0`), so every request runs the query.",
)


def gzip_note(run: Run) -> str:
    """What the gzip scenario measures, with the sizes of the two bodies."""
    plain, packed = run.sizes.get("cached", 0), run.sizes.get("cached_gzip", 0)
    share = f" ({packed / plain:.0%} of it)" if plain else ""
    return (
        "The gzip scenario asks the cached server for the same URL with `Accept-Encoding: "
        "gzip`; the cache stores that variant apart from the identity one, so a hit sends the "
        f"stored compressed bytes: {packed:,} bytes against {plain:,} uncompressed{share}. "
        "The checks before the load confirm `Content-Encoding: gzip` and that the body "
        "decompresses to the same JSON as the identity answer. Its ratio to the ceiling is "
        "for clients that accept gzip; the goal line stays the identity-encoded one."
    )


def machine_lines(f: dict[str, str]) -> list[str]:
    """The machine and the software, one fact a line."""
    return [
        f"CPU: {f['cpu']}, {f['cores']} cores; RAM {f['ram']}",
        f"OS: {f['os']}; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}",
        f"gunicorn {f['gunicorn']}: {f['workers']} workers, worker class `{f['worker_class']}`, "
        f"{f['threads']} thread(s) each (`api/gunicorn_conf.py`); Datasette {f['datasette']}; "
        f"wrk {f['wrk']}",
        f"load average (1 min) before and after: {f['load']}",
    ]


def summary(run: Run) -> str:
    """A plain-text summary for stdout."""
    lines = ["", "make bench: goals"]
    for goal, ratio, verdict in verdicts(run):
        lines.append(f"  {goal.label}: {ratio:.2f} (goal {goal.bound}) {verdict.replace('*', '')}")
    lines.append("figures (median req/s, p50 ms, p99 ms, peak RSS MB):")
    for scenario in run.scenarios:
        results = run.results[scenario.key]
        p50 = statistics.median(r.p50_ms for r in results)
        p99 = statistics.median(r.p99_ms for r in results)
        peak = run.peaks_kb[scenario.server] / 1024
        lines.append(
            f"  {scenario.label:<56} {_rate(run.rate(scenario.key)):>8} {p50:>7.1f} {p99:>7.1f} "
            f"{peak:>6.0f}"
        )
    return "\n".join(lines + [f"  problem: {p}" for p in run.invalid.values()])


def machine_facts() -> dict[str, str]:
    """CPU model, cores, RAM and OS of this machine, and the time."""
    memory_kb = _value(Path("/proc/meminfo"), "MemTotal", ":").split(" ")[0] or "0"
    return {
        "cpu": _value(Path("/proc/cpuinfo"), "model name", ":") or platform.processor(),
        "cores": str(os.cpu_count()),
        "ram": f"{int(memory_kb) / 2**20:.1f} GiB",
        "os": f"{_value(Path('/etc/os-release'), 'PRETTY_NAME', '=').strip(chr(34)) or 'Linux'}, "
        f"kernel {platform.release()}",
        "date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
    }


def _size(run: Run, key: str) -> str:
    return f"{run.sizes[key]:,}" if key in run.sizes else "—"


def _rate(per_second: float) -> str:
    """Requests/s: whole numbers, but a decimal for the slow ones."""
    return f"{per_second:.0f}" if per_second >= 100 else f"{per_second:.1f}"


def _problems(run: Run) -> list[str]:
    if not run.invalid:
        return []
    return ["", "**Problems in this run:**", "", *[f"- {p}" for p in run.invalid.values()]]


def _value(path: Path, key: str, separator: str) -> str:
    """The value of the first `key<separator>value` line of a file, or ''."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        name, found, value = line.partition(separator)
        if found and name.strip() == key:
            return value.strip()
    return ""
