"""The uncached baseline: a bare Flask view that runs the service's SQL and dumps it with orjson.

No schemas, services, envelopes' links, middleware or caches: one engine, the latest
revision's id, then the query `/v1/series/{id}/observations` runs for its first JSON page
(built by the same functions: the preferred claim per date, 1,000 rows), written with
orjson as they come. `make bench` compares the service's uncached answer with this.
"""

from __future__ import annotations

import os
from typing import Any

import orjson
from flask import Flask, Response
from sqlalchemy import create_engine, func, select

from api.schemas.common import DEFAULT_LIMIT
from api.storage.models import Revision
from api.storage.observation_queries import ClaimFilter, ordered_claims, ranked_claims


def first_page_query(series_id: str, revision: int) -> Any:
    """The service's query for the first JSON page of a series' preferred claims."""
    ranked = ranked_claims(ClaimFilter(revision, (series_id,)))
    return ordered_claims(ranked, preferred_only=True).offset(0).limit(DEFAULT_LIMIT + 1)


def create_app() -> Flask:
    """One route: /bare/<series_id>.json at the latest revision."""
    app = Flask(__name__)
    engine = create_engine(os.environ["DATABASE_URL"])

    @app.get("/bare/<series_id>.json")
    def bare(series_id: str) -> Response:
        with engine.connect() as connection:
            revision = connection.scalar(select(func.max(Revision.id)))
            result = connection.execute(first_page_query(series_id, int(revision or 0)))
            keys = [str(key) for key in result.keys()]  # plain str: orjson refuses subclasses
            rows = [dict(zip(keys, row, strict=True)) for row in result][:DEFAULT_LIMIT]
        body = orjson.dumps({"revision": revision, "series_id": series_id, "data": rows})
        return Response(body, mimetype="application/json")

    return app
