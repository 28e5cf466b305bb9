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
from sqlalchemy import Select, and_, create_engine, func, or_, select
from sqlalchemy.orm import Session

from api.domain.records import FIELD_NAMES
from api.schemas.common import DEFAULT_LIMIT
from api.storage.claim_queries import ClaimFilter, current_claims, page
from api.storage.models import Document, Observation, Revision, Series


def first_page(session: Session, series_id: str, revision: int) -> list[dict[str, Any]]:
    """The service's reading of the first JSON page of a series' preferred claims."""
    claims = current_claims(session, ClaimFilter(revision, (series_id,)))
    rows = page(claims, True, 0, DEFAULT_LIMIT + 1)[:DEFAULT_LIMIT]
    return [dict(zip(FIELD_NAMES, (getattr(c, n) for n in FIELD_NAMES), strict=True)) for c in rows]


def first_page_query(series_id: str, revision: int) -> Select[Any]:
    """The first JSON page as one SQL query, for Datasette's canned query.

    The service ranks claims in Python now (`api.domain.preference`), so no one query is
    its reading; but the JSON scenario's series has one claim a date, so its current
    claims by date are its preferred ones, the rows the checks compare by id.
    """
    o, d, s = Observation, Document, Series

    def alive(model: Any) -> Any:
        return and_(
            model.added_in <= revision,
            or_(model.removed_in.is_(None), model.removed_in > revision),
        )

    columns = (
        o.series_id, o.date, o.date_precision, o.value, o.qualifier, o.status, s.source_id,
        o.reported_by, d.publisher, d.url.label("document_url"), d.published_at, o.quote,
        o.id.label("observation_id"), o.added_in.label("revision"), o.period_start,
        o.is_primary.label("primary"), o.release_id, o.document_id,
        d.title.label("document_title"), o.note,
    )  # fmt: skip
    return (
        select(*columns)
        .join(d, and_(d.id == o.document_id, alive(d)))
        .join(s, and_(s.id == o.series_id, alive(s)))
        .where(o.series_id == series_id, alive(o))
        .order_by(o.date, o.id)
        .limit(DEFAULT_LIMIT)
    )


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
