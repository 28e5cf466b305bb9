"""The orjson fast path produces exactly what the marshmallow schemas describe."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import orjson
import pytest
from marshmallow import Schema, fields

from api.http.json import IsoJSONProvider
from api.http.views.observations import DUMP_CLAIMS
from api.render import fast_json
from api.schemas.series_data import SeriesDataListSchema
from api.services.research import series_data
from api.services.research.series_data import SeriesDataQuery


def _schema_dump(envelope: dict) -> bytes:
    """What flask-smorest would send: the schema's dump, encoded by the standard library."""
    dumped = SeriesDataListSchema().dump(envelope)
    return json.dumps(dumped, default=lambda d: d.isoformat(), ensure_ascii=False).encode()


def _same(fast: bytes, schema: bytes) -> None:
    """Equal values, equal key order at every level."""
    a, b = orjson.loads(fast), orjson.loads(schema)
    assert a == b
    assert json.dumps(a) == json.dumps(b)  # dict order survives loads: same text, same order


@pytest.mark.slow
def test_every_shipped_series_answers_as_its_schema_says(shipped_client):
    database = shipped_client.application.extensions["database"]
    series = shipped_client.get("/v1/series").get_json()["data"]
    assert len(series) > 40
    for item in series:
        for claims in ("preferred", "all"):
            query = SeriesDataQuery(claims=claims, limit=1000)
            page = series_data.claims_page(database, item["id"], query)
            envelope = {"revision": page.revision, "series_id": item["id"], "view": "current"}
            envelope |= {"offset": 0, "limit": 1000, "next": None, "data": page.data}
            fast = fast_json.dumps(DUMP_CLAIMS(envelope))
            _same(fast, _schema_dump(envelope))
            url = f"/v1/series/{item['id']}/observations?claims={claims}"
            assert shipped_client.get(url).get_json() == orjson.loads(fast), url


def test_rows_with_every_kind_of_value_dump_alike():
    row = {
        "observation_id": 1,
        "series_id": "XX.s",
        "date": dt.date(2024, 2, 29),
        "date_precision": "day",
        "period_start": None,
        "value": 1234,
        "qualifier": "exact",
        "status": "reported",
        "source_id": "a",
        "primary": False,
        "reported_by": None,
        "publisher": 'Вясна «Viasna» — \u2028 "quoted" \\ </script>',
        "document_id": 7,
        "document_url": "https://example.org/a?b=c&d=e",
        "document_title": "",
        "published_at": dt.date(1, 1, 1),
        "quote": "SYNTHETIC 1 234 \U0001f600 \x00 tab\t",
        "note": None,
        "release_id": "XX-2024-01",
        "revision": 2**31 - 1,
        "preferred": True,
        "conflict": False,
        "version": 3,  # not in the schema: left out
    }
    envelope = {"revision": 5, "series_id": "XX.s", "view": "current", "offset": 0, "limit": 1}
    envelope |= {"next": None, "data": [row, {**row, "observation_id": 2}]}
    _same(fast_json.dumps(DUMP_CLAIMS(envelope)), _schema_dump(envelope))
    assert "version" not in orjson.loads(fast_json.dumps(DUMP_CLAIMS(envelope)))["data"][0]


def test_a_schema_with_a_field_orjson_cannot_reproduce_is_refused():
    class Odd(Schema):
        n = fields.Integer()
        f = fields.Float()

    with pytest.raises(TypeError, match="Odd.f: Float is not plain"):
        fast_json.dumper(Odd())


def test_data_keys_and_attributes_are_honoured():
    class Renamed(Schema):
        shown = fields.String(attribute="stored", data_key="public")

    obj = {"stored": "x", "other": 1}
    assert fast_json.dumper(Renamed())(obj) == Renamed().dump(obj) == {"public": "x"}


def test_the_app_json_matches_the_standard_library(app):
    provider = IsoJSONProvider(app)
    value = {
        "when": dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        "day": dt.date(2025, 1, 2),
        "amount": decimal.Decimal("1.50"),
        1: "int key",
        "text": "Праваабарончы цэнтр «Вясна»",
    }
    expected = {
        "when": "2025-01-02T03:04:05.000006+00:00",
        "day": "2025-01-02",
        "amount": "1.50",
        "1": "int key",
        "text": "Праваабарончы цэнтр «Вясна»",
    }
    assert json.loads(provider.dumps(value)) == expected
    with app.app_context():
        body = provider.response(value).get_data()
    assert body.endswith(b"\n") and json.loads(body) == expected


def test_integers_beyond_64_bits_are_still_written():
    value = {"n": 10**30, "day": dt.date(2025, 1, 2), "text": "Вясна"}
    assert json.loads(fast_json.dumps(value)) == {"n": 10**30, "day": "2025-01-02", "text": "Вясна"}


def test_indent_and_sort_keys_are_honoured(app):
    provider = IsoJSONProvider(app)
    text = provider.dumps({"b": 1, "a": 2}, indent=2, sort_keys=True)
    assert text.startswith('{\n  "a": 2')


def test_a_lone_surrogate_in_a_fallback_answer_is_escaped():
    body = fast_json.dumps({"n": 10**30, "bad": "\ud800"})
    assert json.loads(body) == {"n": 10**30, "bad": "\ud800"}
