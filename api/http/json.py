"""JSON output through orjson: ISO 8601 for every date and time, UTF-8, never HTTP dates."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.json.provider import DefaultJSONProvider

from api.http import json_body
from api.render import fast_json


class IsoJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, encoding with orjson (`2025-11-22`, times with their offset).

    Reading request bodies stays with the standard library's parser, whose errors the
    write API reports, behind `json_body`'s checks for nesting and lone surrogates.
    """

    sort_keys = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """A request body (`request.get_json`), with `json_body`'s checks."""
        return json_body.loads(s)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """A JSON text (pretty in debug mode or when asked with `indent`, as Flask's own)."""
        indent = bool(kwargs.get("indent")) or self._pretty()
        return fast_json.dumps(obj, indent=indent, sort_keys=bool(kwargs.get("sort_keys"))).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """`jsonify`: the arguments as one JSON answer, with a trailing newline."""
        obj = self._prepare_response_obj(args, kwargs)
        body = fast_json.dumps(obj, indent=self._pretty()) + b"\n"
        return Response(body, mimetype=self.mimetype)

    def _pretty(self) -> bool:
        return self.compact is False or (self.compact is None and self._app.debug)


def response(obj: Any, status: int = 200) -> Response:
    """A JSON answer, as Flask's `jsonify` would make it (a trailing newline too)."""
    return Response(fast_json.dumps(obj) + b"\n", status=status, mimetype="application/json")
