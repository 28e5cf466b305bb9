"""flask-smorest, adapted: 400 for bad arguments and problem+json in the OpenAPI document."""

from __future__ import annotations

import http
import json
from typing import Any

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Request
from marshmallow import fields
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from api.http import json_body
from api.http.middleware.problems import PROBLEM_TYPE, from_http_exception
from api.schemas.common import PeriodBound, ProblemSchema
from api.schemas.write_fields import PartialDate


class ArgumentsParser(FlaskParser):
    """A bad or unknown query argument is the client's error: 400, not 422.

    webargs ignores unknown query keys by default; `None` defers to the schema's own
    `unknown = RAISE`, so a typo like `?strat=2020` is refused.
    """

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }

    def _raw_load_json(self, req: Request) -> Any:
        """The JSON body, refused (400) when it nests too deep or holds a lone surrogate."""
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        if not data.strip():
            return core.missing
        try:
            return json_body.loads(data)
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"not UTF-8: {error.reason}", "?", 0) from None


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose argument errors answer 400."""

    ARGUMENTS_PARSER = ArgumentsParser()


def schema_name(schema: Any) -> str:
    """Component names: the class name less `Schema`; a PATCH (partial) variant adds `Patch`."""
    cls = resolve_schema_cls(schema)
    cls = cls[0] if isinstance(cls, list) else cls
    name = cls.__name__.removesuffix("Schema")
    return name + "Patch" if getattr(schema, "partial", False) else name


def openapi_plugin() -> MarshmallowPlugin:
    """apispec's marshmallow plugin with our component names."""
    return MarshmallowPlugin(schema_name_resolver=schema_name)


def register_fields(api: Api) -> None:
    """How our own fields are documented (flask-smorest's public `register_field`)."""
    api.register_field(fields.Url, "string", "uri")
    for field in (PeriodBound, PartialDate):  # their pattern is in their metadata
        api.register_field(field, fields.String)


class Api(flask_smorest.Api):
    """flask-smorest's Api, answering every HTTP error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        """Document every error response as problem+json (flask-smorest says JSON).

        This overrides a private method of flask-smorest (pinned to 0.47.x in pyproject;
        `tests/test_openapi_contract.py` fails if the method changes its name or stops
        being called when the document is made).
        """
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["content"] = {PROBLEM_TYPE: {"schema": self.ERROR_SCHEMA}}
            self.spec.components.response(status.name, response, lazy=True)
        default = {
            "description": "An error, as RFC 9457 problem details",
            "content": {PROBLEM_TYPE: {"schema": self.ERROR_SCHEMA}},
        }
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)

    def handle_http_exception(self, error: Any) -> Any:
        """Replace flask-smorest's error envelope with RFC 9457's."""
        return from_http_exception(error)
