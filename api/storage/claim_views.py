"""Claims of one view of the data, for pages, streams and time-series operations.

A view is `current` (each date's claims as known at the revision) or `first_release` (as
first published; see `vintage_queries`). Time-series operations take the preferred claim
of each date; for flows (releases) they take one claim per release batch, since several
dates' claims about one batch are statements about one event, not several events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from api.storage.observation_queries import (
    ClaimFilter,
    preference_order,
    ranked_claims,
)
from api.storage.vintage_queries import first_release_ranked

TIMESERIES_COLUMNS = (
    "observation_id",
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "release_id",
)


def ranked_in_view(view: str, claims: ClaimFilter) -> Select[Any]:
    """The ranked claims of `view` (`current` or `first_release`)."""
    return first_release_ranked(claims) if view == "first_release" else ranked_claims(claims)


def stream_claims(
    session: Session,
    view: str,
    claims: ClaimFilter,
    preferred_only: bool,
    columns: Sequence[str],
    chunk: int,
) -> Iterator[Row[Any]]:
    """Claims of the view in date order, as `columns`, fetched `chunk` rows at a time.

    The rows come from a server-side cursor, so a million claims never sit in memory; the
    query runs on the session's connection (Core), which skips the ORM's per-row loading.
    """
    query = claims_query(view, claims, preferred_only, columns)
    yield from session.connection().execute(query.execution_options(yield_per=chunk))


def claims_query(
    view: str, claims: ClaimFilter, preferred_only: bool, columns: Sequence[str]
) -> Select[Any]:
    """The claims of the view in date order, as `columns`; `preferred` is a column too."""
    ranked = ranked_in_view(view, claims).subquery()
    c = ranked.c
    picked = [(c.rank == 1).label(name) if name == "preferred" else c[name] for name in columns]
    query = select(*picked).order_by(c.series_id, c.date, c.period_start, c.rank)
    return query.where(c.rank == 1) if preferred_only else query


def timeseries_claims(
    session: Session, view: str, claims: ClaimFilter, per_batch: bool
) -> list[dict[str, Any]]:
    """The preferred claim per date (and, with `per_batch`, per release batch), by date."""
    ranked = ranked_in_view(view, claims).subquery()
    preferred = select(ranked).where(ranked.c.rank == 1).subquery()
    c = preferred.c
    columns = [getattr(c, name) for name in TIMESERIES_COLUMNS]
    if not per_batch:
        query = select(*columns)
    else:
        batch = (c.series_id, c.release_id, case((c.release_id.is_(None), c.observation_id)))
        order = preference_order(c.primary, c.published_at, c.revision, c.observation_id)
        batch_rank = func.row_number().over(partition_by=batch, order_by=order)
        inner = select(*columns, batch_rank.label("batch_rank")).subquery()
        query = select(*(getattr(inner.c, n) for n in TIMESERIES_COLUMNS))
        query = query.where(inner.c.batch_rank == 1)
    query = query.order_by("series_id", "date", "date_precision", "period_start", "observation_id")
    return [dict(row._mapping) for row in session.execute(query)]
