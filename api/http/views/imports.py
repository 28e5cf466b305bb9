"""`POST /v1/imports`: the CSV import of `prisoner-counts import`, over HTTP (write token).

The body is the file itself (`Content-Type: text/csv`), in the columns of the observations
or releases CSV export; the rows are checked and written exactly as the CLI does
(`services/writes/importer.py`), as one revision. A dry run checks and answers 200 with
the revision the import would be; nothing is written.
"""

from __future__ import annotations

import hashlib

from flask import g, request
from flask.views import MethodView
from werkzeug.exceptions import UnsupportedMediaType

from api.errors import InvalidArgument
from api.http.auth import Created, created, refuse_a_cut_body, write_request
from api.http.responses import database
from api.http.smorest import Blueprint
from api.schemas.imports import ImportArgsSchema, ImportResultSchema
from api.services.writes import importer
from api.services.writes.tokens import authenticate
from api.services.writes.writing import WriteRequest, WriteResult, perform

blp = Blueprint("imports", __name__, url_prefix="/v1", description="Importing a CSV file")
CSV_BODY = {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


@blp.before_request
def _require_csv_writer() -> None:
    """A valid write token, and a CSV body, before the body is read."""
    if request.method == "OPTIONS":
        return
    g.caller = authenticate(database(), request.headers.get("Authorization"))
    if request.mimetype != "text/csv":
        raise UnsupportedMediaType("send the file as CSV with Content-Type: text/csv")
    refuse_a_cut_body()


@blp.route("/imports")
class Imports(MethodView):
    @blp.arguments(ImportArgsSchema, location="query", as_kwargs=True)
    @blp.response(201, ImportResultSchema)
    @blp.alt_response(200, schema=ImportResultSchema, success=True, description="A dry run")
    @blp.doc(security=SECURITY, requestBody=CSV_BODY)
    def post(self, message: str, dry_run: bool = False) -> Created:
        """Import claims (or release batches) from CSV as one revision, like the CLI."""
        raw = request.get_data(cache=False)
        planned = importer.plan(*importer.read_csv(raw, "the CSV body"))
        if planned.errors:
            raise InvalidArgument(_summary(planned.errors), _by_place(planned.errors))
        result = perform(
            database(), _write_request(raw, message), importer.import_action(planned), dry_run
        )
        return _answer(result, len(planned.claims), dry_run)


def _write_request(raw: bytes, message: str) -> WriteRequest:
    """The write request of the import: Idempotency-Key and If-Match as for every write."""
    digest = hashlib.sha256(request.query_string + b"\n" + raw).hexdigest()
    return write_request(message, message, request_hash=digest)


def _answer(result: WriteResult, claims: int, dry_run: bool) -> Created:
    body = {**result.body, "dry_run": dry_run, "claim_count": claims}
    if dry_run:
        return body, 200, {}
    body_result = WriteResult(result.revision, body, result.replayed)
    return created(body_result)


def _summary(errors: list[str]) -> str:
    shown = "; ".join(errors[:5]) + (f"; and {len(errors) - 5} more" if len(errors) > 5 else "")
    return f"{len(errors)} problem(s); nothing was written: {shown}"


def _by_place(errors: list[str]) -> dict[str, list[str]]:
    """`line 4, column qualifier: Must be …` as {"line 4, column qualifier": ["Must be …"]}."""
    places: dict[str, list[str]] = {}
    for error in errors:
        place, _, text = error.partition(": ")
        places.setdefault(place, []).append(text)
    return places
