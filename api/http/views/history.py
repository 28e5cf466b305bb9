"""/v1/revisions and /v1/tags."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.http.responses import database, item_envelope, list_envelope
from api.http.smorest import Blueprint
from api.schemas.common import DEFAULT_LIMIT, ArgsSchema, AsOfArgsSchema, PageArgsSchema
from api.schemas.redactions import RedactionListSchema
from api.schemas.revisions import RevisionItemSchema, RevisionListSchema, TagListSchema
from api.services.reads import history
from api.services.writes import redaction

blp = Blueprint("history", __name__, url_prefix="/v1", description="Revisions and tags")


@blp.route("/revisions")
class Revisions(MethodView):
    @blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, RevisionListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(
        self, as_of: str | None = None, offset: int = 0, limit: int | None = None
    ) -> dict[str, Any]:
        """Every revision of the data set, newest first."""
        page = history.list_revisions(database(), as_of, offset, limit or DEFAULT_LIMIT)
        return list_envelope(page)


@blp.route("/revisions/<int:revision_id>")
class RevisionById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, RevisionItemSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, revision_id: int, as_of: str | None = None) -> dict[str, Any]:
        """One revision: who, when, why, and what it added, corrected and removed."""
        item = history.get_revision(database(), revision_id, as_of)
        since = revision_id - 1
        changes = url_for("changes.Changes", since=since, as_of=revision_id, _external=True)
        item.data["links"] = {"changes": changes}
        return item_envelope(item)


@blp.route("/tags")
class Tags(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, TagListSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, as_of: str | None = None) -> dict[str, Any]:
        """Named revisions, for citing a frozen data set."""
        return list_envelope(history.list_tags(database(), as_of))


@blp.route("/redactions")
class Redactions(MethodView):
    @blp.arguments(ArgsSchema, location="query")
    @blp.response(200, RedactionListSchema)
    def get(self, _args: dict[str, Any]) -> dict[str, Any]:
        """The redaction audit log: text removed for legal or safety reasons (not the text)."""
        return list_envelope(redaction.redaction_log(database()))
