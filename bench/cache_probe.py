"""Whether the response cache answers repeated requests, under the environment as given.

    python -m bench.cache_probe PATH ['Name: value' ...]   # how often the view ran for two GETs

The suite runs this with each server's environment before measuring, so an "uncached"
figure is never silently a cached one: the cache answers in a before-request hook, so a
view that ran once for two identical requests means the second came from the cache. The
headers given are sent with both (the cache keeps, say, a gzip answer apart from the others).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from api import create_app


def view_runs(path: str, headers: dict[str, str] | None = None, requests: int = 2) -> int:
    """How many times the view behind `path` ran for `requests` identical GETs."""
    app = create_app()
    runs = 0
    adapter = app.url_map.bind("localhost")
    endpoint, _ = adapter.match(path.split("?", 1)[0])
    view: Callable[..., Any] = app.view_functions[endpoint]

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal runs
        runs += 1
        return view(*args, **kwargs)

    app.view_functions[endpoint] = counted
    client = app.test_client()
    for _ in range(requests):
        status = client.get(path, headers=headers or {}).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    app.extensions["database"].dispose()
    return runs


if __name__ == "__main__":
    given = (header.partition(":") for header in sys.argv[2:])
    print(view_runs(sys.argv[1], {name.strip(): value.strip() for name, _, value in given}))
