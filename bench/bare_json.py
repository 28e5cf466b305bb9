"""The uncached baseline: a bare Flask view that runs the service's SQL and dumps it with orjson.

No schemas, services, envelopes' links, middleware or caches: one engine, the latest
revision's id, then the reading `/v1/series/{id}/observations` does for its first JSON page
(the same functions: the claims in group order, judged by the preferred-claim rule, the
preferred claim per date, 1,000 rows), written with orjson. `make bench` compares the
service's uncached answer with this.
"""

from __future__ import annotations

import os
from typing import Any

import orjson
from flask import Flask, Response
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from api.domain.records import FIELD_NAMES
from api.schemas.common import DEFAULT_LIMIT
from api.storage.claim_queries import ClaimFilter, current_claims, page
from api.storage.models import Revision


def first_page(session: Session, series_id: str, revision: int) -> list[dict[str, Any]]:
    """The service's reading of the first JSON page of a series' preferred claims."""
    claims = current_claims(session, ClaimFilter(revision, (series_id,)))
    rows = page(claims, True, 0, DEFAULT_LIMIT + 1)[:DEFAULT_LIMIT]
    return [dict(zip(FIELD_NAMES, (getattr(c, n) for n in FIELD_NAMES), strict=True)) for c in rows]


def create_app() -> Flask:
    """One route: /bare/<series_id>.json at the latest revision."""
    app = Flask(__name__)
    engine = create_engine(os.environ["DATABASE_URL"])

    @app.get("/bare/<series_id>.json")
    def bare(series_id: str) -> Response:
        with Session(engine) as session:
            revision = session.scalar(select(func.max(Revision.id)))
            rows = first_page(session, series_id, int(revision or 0))
        body = orjson.dumps({"revision": revision, "series_id": series_id, "data": rows})
        return Response(body, mimetype="application/json")

    return app
