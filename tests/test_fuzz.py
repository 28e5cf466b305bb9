"""Schemathesis against /v1/openapi.json: every operation, reads and writes (with a token).

Hypothesis generates arguments and bodies from the schema, valid and invalid; every answer
must be free of 5xx and conform to the document (status, content type, body schema). Two
hostile strategies go beyond the schema: every body again with a lone surrogate in each of
its strings (and one key), and bodies nested tens of thousands of levels deep; both must
be a 400 with nothing written.
The number of examples per operation is bounded (FUZZ_EXAMPLES, default 25) so the run
ends in minutes; anything it finds becomes a regular test elsewhere.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from tests.conftest import create_token, database_of, make_app

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# No 5xx, and every answer as documented. (Whether the API accepts every request the schema
# allows is not checked: some rules, such as "not in the future", are not in the schema.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed(databases):
    """An app on its own database (fixture data and a write token) for the whole module."""
    app = make_app(databases.loaded(), RATELIMIT_ENABLED=False, ACCESS_LOG=False)
    token = create_token(app, "fuzzer")
    yield app, {"Authorization": f"Bearer {token}"}
    database_of(app).dispose()


def test_every_operation_answers_without_5xx_and_as_documented(fuzzed):
    app, auth = fuzzed
    schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", app)
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, auth)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect every operation's failure
            failures[operation.label] = f"{type(error).__name__}: {error}"[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def _fuzz(operation: Any, auth: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case: Any) -> None:
        # The WSGI transport asks for gzip but does not unpack it; ask for plain bodies.
        response = case.call(headers={**auth, "Accept-Encoding": "identity"})
        if _asks_oembed_xml(case) and response.status_code == 501:
            return  # oEmbed's own answer for a format it does not serve
        case.validate_response(response, checks=CHECKS)

    run()


def test_hostile_bodies_are_400_and_write_nothing(fuzzed):
    app, auth = fuzzed
    schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", app)
    writes = [result.ok() for result in schema.get_all_operations()]
    writes = [operation for operation in writes if operation.method.upper() != "GET"]
    assert len(writes) == 12  # every POST, PATCH and DELETE of the API (imports: CSV, a 415)
    failures = {}
    for operation in writes:
        try:
            _fuzz_hostile(app, operation, auth)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - any failure is reported
            failures[operation.label] = f"{type(error).__name__}: {error}"[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def _fuzz_hostile(app: Any, operation: Any, auth: dict[str, str]) -> None:
    client = app.test_client()
    headers = {**auth, "Content-Type": "application/json"}

    @given(case=operation.as_strategy(), depth=st.integers(min_value=33, max_value=60_000))
    @settings(
        max_examples=max(5, EXAMPLES // 5),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case: Any, depth: int) -> None:
        before = _revision(client)
        given = case.body if isinstance(case.body, dict | list | str | int | float) else {}
        body = _with_lone_surrogates(given)
        path, query = case.formatted_path, case.query or {}
        answers = [
            client.open(path, method=case.method, data=data, headers=headers, query_string=query)
            for data in (json.dumps(body).encode(), b"[" * depth + b"]" * depth)
        ]
        for answer in answers:  # never 2xx, never 5xx
            assert answer.status_code in (400, 404, 405, 415), answer.get_data()[:300]
        assert _revision(client) == before

    run()


def _with_lone_surrogates(value: Any) -> Any:
    """The body with `\\ud800` in every string and a key of its own that holds one."""
    if isinstance(value, str):
        return value[:3] + "\ud800" + value[3:]
    if isinstance(value, list):
        return [_with_lone_surrogates(item) for item in value] or ["\udfff"]
    if isinstance(value, dict):
        poisoned = {key: _with_lone_surrogates(item) for key, item in value.items()}
        return {**poisoned, "k\udc00": "v"}
    return {"k\udc00": value}


def _revision(client: Any) -> str:
    return str(client.get("/v1/revisions?limit=1").headers["X-Dataset-Revision"])


def _asks_oembed_xml(case: Any) -> bool:
    return bool(case.path == "/oembed" and (case.query or {}).get("format") == "xml")
