"""The suite's servers and scenarios: which app, with which environment, asked for what.

Service servers run with the production middleware on (request ids, Prometheus metrics in
multiprocess mode as under `prisoner-counts serve`, the JSON access log). The limited one
runs as shipped, rate limits on (at a limit wrk cannot reach, so every answer is a 200:
the cost of counting is measured, not the refusals); the others have them off. The cached
ones keep the default response cache (which stores the gzip variant of an answer apart
from the identity one); the uncached ones set `RESPONSE_CACHE_MB=0`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.dialects import sqlite

from bench.bare_json import first_page_query
from bench.servers import WORK, Server, datasette_python
from bench.suite_data import AS_OF_SERIES, JSON_SERIES

DATASETTE_QUERY = "observations"
UNREACHABLE_LIMIT = "1000000000 per minute"


@dataclass(frozen=True)
class Scenario:
    """One URL of one server, measured under load."""

    key: str
    label: str
    server: str
    path: str
    rows_key: str = "data"  # where the JSON answer keeps its rows
    headers: tuple[tuple[str, str], ...] = ()  # sent with every request, by wrk too

    @property
    def gzip(self) -> bool:
        """Whether the scenario asks for a gzip-compressed answer."""
        return ("Accept-Encoding", "gzip") in self.headers


def make_servers(database: Path, latest: int) -> dict[str, Server]:
    """Every server the suite starts, by name."""
    url = f"sqlite:///{database}"
    plain = {"DATABASE_URL": url, "RATELIMIT_ENABLED": "false"}
    limited = {"DATABASE_URL": url, "RATELIMIT_ANONYMOUS": UNREACHABLE_LIMIT}
    datasette_env = {
        "BENCH_DATASETTE_DB": str(database),
        "BENCH_DATASETTE_METADATA": str(_datasette_metadata(database, latest)),
    }
    return {
        "service-cached": Server(
            "service-cached", "api:create_app()", _service_env(plain, "cached")
        ),
        "service-limited": Server(
            "service-limited", "api:create_app()", _service_env(limited, "limited")
        ),
        "service-uncached": Server(
            "service-uncached", "api:create_app()", _service_env(plain, "uncached", cache=False)
        ),
        "service-as-of": Server(
            "service-as-of", "api:create_app()", _service_env(plain, "as-of", cache=False)
        ),
        "hello": Server("hello", "bench.hello:app"),
        "bare": Server("bare", "bench.bare_json:create_app()", {"DATABASE_URL": url}),
        "datasette": Server(
            "datasette",
            "bench.datasette_app:app",
            datasette_env,
            python=datasette_python(),
            options=("--worker-class", "uvicorn.workers.UvicornWorker"),
        ),
    }


GZIP = (("Accept-Encoding", "gzip"),)


def scenarios(database: Path, latest: int, middle: int) -> list[Scenario]:
    """What is measured, in the order of a round (pairs compared side by side are adjacent)."""
    observations = f"/v1/series/{JSON_SERIES}/observations"
    as_of = f"/v1/series/{AS_OF_SERIES}/observations?as_of="
    datasette = f"/{database.stem}/{DATASETTE_QUERY}.json?_shape=objects"
    return [
        Scenario("cached", "service, 1,000-point JSON, cached", "service-cached", observations),
        Scenario(
            "cached_gzip",
            "service, 1,000-point JSON, cached, Accept-Encoding: gzip",
            "service-cached",
            observations,
            headers=GZIP,
        ),
        Scenario(
            "cached_limited",
            "service, 1,000-point JSON, cached, rate limits on",
            "service-limited",
            observations,
        ),
        Scenario("hello", "hello-world ceiling", "hello", "/", rows_key=""),
        Scenario("uncached", "service, same JSON, uncached", "service-uncached", observations),
        Scenario("bare", "bare Flask view + orjson", "bare", f"/bare/{JSON_SERIES}.json"),
        Scenario("datasette", "Datasette, same SQL", "datasette", datasette, rows_key="rows"),
        Scenario("as_of_oldest", "service, as_of oldest (r1)", "service-as-of", f"{as_of}1"),
        Scenario(
            "as_of_middle",
            f"service, as_of middle (r{middle})",
            "service-as-of",
            f"{as_of}{middle}",
        ),
        Scenario(
            "as_of_latest",
            f"service, as_of latest (r{latest})",
            "service-as-of",
            f"{as_of}{latest}",
        ),
    ]


def with_same_size_ceiling(found: list[Scenario], size: int) -> list[Scenario]:
    """The scenarios, plus the hello-world app answering `size` bytes, right after `/`."""
    path = f"/padded/{size}"
    padded = Scenario("hello_sized", "hello-world, same body size", "hello", path, rows_key="")
    at = next(n for n, s in enumerate(found) if s.key == "hello") + 1
    return [*found[:at], padded, *found[at:]]


def _service_env(plain: dict[str, str], name: str, cache: bool = True) -> dict[str, str]:
    metrics = WORK / "metrics" / name
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    env = {**plain, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    return env if cache else {**env, "RESPONSE_CACHE_MB": "0"}


def _datasette_metadata(database: Path, latest: int) -> Path:
    """Datasette's metadata: one canned query, the service's SQL with its values written in."""
    compiled = first_page_query(JSON_SERIES, latest).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    query = {"sql": str(compiled), "title": "The service's first JSON page (SYNTHETIC data)"}
    metadata = {"databases": {database.stem: {"queries": {DATASETTE_QUERY: query}}}}
    path = WORK / "datasette-metadata.json"
    path.write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return path
