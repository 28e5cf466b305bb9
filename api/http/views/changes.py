"""/v1/changes (the feed mirrors sync from), Atom feeds, and a claim's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, g, request, url_for
from flask.views import MethodView

from api.http.responses import database, list_envelope
from api.http.smorest import Blueprint
from api.render.atom import Entry, render_feed
from api.schemas.changes import ChangeListSchema, ChangesArgsSchema, HistorySchema
from api.schemas.common import DEFAULT_LIMIT, ArgsSchema, AsOfArgsSchema
from api.services.reads import changes
from api.services.reads.observations import observation_history
from api.services.reads.releases import recent_batches

blp = Blueprint("changes", __name__, url_prefix="/v1", description="Changes and feeds")
ATOM_DOC = {
    "200": {
        "description": "An Atom 1.0 feed",
        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
    }
}


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(ChangesArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, ChangeListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(
        self, since: int, as_of: str | None = None, offset: int = 0, limit: int | None = None
    ) -> Any:
        """Every insert, correction and retraction after revision `since`, in order."""
        page = changes.list_changes(database(), since, as_of, offset, limit or DEFAULT_LIMIT)
        return list_envelope(page, since=since)


@blp.route("/changes.atom")
class ChangesFeed(MethodView):
    @blp.arguments(ArgsSchema, location="query")
    @blp.doc(responses=ATOM_DOC)
    def get(self, _args: dict[str, Any]) -> Response:
        """An Atom feed of the newest revisions."""
        page = changes.recent_revisions(database())
        entries = [_revision_entry(row) for row in page.data]
        return _atom(page.revision, "Prisoner Counts: new revisions", entries)


@blp.route("/releases.atom")
class ReleasesFeed(MethodView):
    @blp.arguments(ArgsSchema, location="query")
    @blp.doc(responses=ATOM_DOC)
    def get(self, _args: dict[str, Any]) -> Response:
        """An Atom feed of the most recently recorded release batches."""
        page = recent_batches(database())
        entries = [_release_entry(row) for row in page.data]
        return _atom(page.revision, "Prisoner Counts: release batches", entries)


@blp.route("/observations/<int:observation_id>/history")
class ObservationHistory(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, HistorySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, observation_id: int, as_of: str | None = None) -> dict[str, Any]:
        """Every version of a claim, with who changed it, when and why."""
        return list_envelope(observation_history(database(), observation_id, as_of))


def _revision_entry(row: dict[str, Any]) -> Entry:
    link = url_for("history.RevisionById", revision_id=row["id"], _external=True)
    tags = f" (tagged {', '.join(row['tags'])})" if row["tags"] else ""
    title = f"Revision {row['id']}{tags}"
    return Entry(link, title, row["created_at"], link, row["message"], row["author"])


def _release_entry(row: dict[str, Any]) -> Entry:
    day = row["date"].isoformat()
    link = url_for("releases.Releases", start=day, end=day, _external=True)
    title = row["title"] or f"Release batch {row['release_id']}"
    summary = f"{row['release_id']}, {row['mechanism']}, {day}. Claims: {row['claims']}"
    entry_id = f"{link}#{row['release_id']}"
    return Entry(entry_id, title, row["recorded_at"], link, summary, "Prisoner Counts API")


def _atom(revision: int, title: str, entries: list[Entry]) -> Response:
    g.dataset_revision = revision
    self_url = url_for(str(_endpoint()), _external=True)
    updated = max((e.updated for e in entries), default=None)
    body = render_feed(self_url, title, self_url, updated or _epoch(), entries)
    return Response(body, mimetype="application/atom+xml")


def _endpoint() -> str:
    return str(request.endpoint)


def _epoch() -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
