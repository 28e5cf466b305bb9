"""Datasette serving the suite's SQLite file, as an ASGI app for gunicorn's uvicorn worker.

It runs in a venv of its own (instance/bench/datasette-venv, made by bench/servers.py),
never in the project's. The file is opened immutable (Datasette's fastest mode, fit for
data that does not change) and the metadata file holds one canned query: the service's own
SQL for the JSON scenario, written out by bench/suite.py.

    BENCH_DATASETTE_DB=… BENCH_DATASETTE_METADATA=… gunicorn -k uvicorn.workers.UvicornWorker \
        bench.datasette_app:app
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from datasette.app import Datasette

_metadata = json.loads(Path(os.environ["BENCH_DATASETTE_METADATA"]).read_text(encoding="utf-8"))
app = Datasette(immutables=[os.environ["BENCH_DATASETTE_DB"]], metadata=_metadata).app()
