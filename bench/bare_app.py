"""The baseline: a bare Flask view that runs the service's SQL and streams it with csv.writer.

No schemas, services, renderers or cell formatting: one engine, the same reading the service
does for `/v1/series/{id}/observations.csv?claims=all` (the same functions: claims in group
order, judged by the preferred-claim rule), rows written as they come. The benchmark
times the service against this.
"""

from __future__ import annotations

import csv
import io
import operator
import os
from collections.abc import Iterator

from flask import Flask, Response
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.domain.columns import OBSERVATIONS_CSV
from api.storage.claim_queries import ClaimFilter, current_claims

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
        read = operator.attrgetter(*OBSERVATIONS_CSV)

        def rows() -> Iterator[str]:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(OBSERVATIONS_CSV)
            with Session(engine) as session:
                claims = current_claims(session, ClaimFilter(1, (series_id,)))
                for count, claim in enumerate(claims, start=1):
                    writer.writerow(read(claim))
                    if count % CHUNK == 0:
                        yield buffer.getvalue()
                        buffer.seek(0)
                        buffer.truncate()
            yield buffer.getvalue()

        return Response(rows(), mimetype="text/csv")

    return app
