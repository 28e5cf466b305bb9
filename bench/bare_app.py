"""The baseline: a bare Flask view that runs the service's SQL and streams it with csv.writer.

No schemas, services, renderers or cell formatting: one engine, the same query the service
runs for `/v1/series/{id}/observations.csv?claims=all` (built by the same function), rows
written as they come. The benchmark times the service against this.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator

from flask import Flask, Response
from sqlalchemy import create_engine

from api.render.csv import OBSERVATION_COLUMNS
from api.storage.claim_views import claims_query
from api.storage.observation_queries import ClaimFilter

CHUNK = 2_000


def create_app() -> Flask:
    """One route: /bare/<series_id>.csv at revision 1."""
    app = Flask(__name__)
    engine = create_engine(os.environ["DATABASE_URL"])

    @app.get("/bare/health")
    def health() -> str:
        return "ok"

    @app.get("/bare/<series_id>.csv")
    def bare(series_id: str) -> Response:
        query = claims_query("current", ClaimFilter(1, (series_id,)), False, OBSERVATION_COLUMNS)

        def rows() -> Iterator[str]:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(OBSERVATION_COLUMNS)
            with engine.connect() as connection:
                result = connection.execution_options(yield_per=CHUNK).execute(query)
                for part in result.partitions():
                    writer.writerows(part)
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        return Response(rows(), mimetype="text/csv")

    return app
