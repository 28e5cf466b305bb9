"""One way to answer a result in the format asked: JSON or CSV.

A view reads what was asked (`asked(args)`: the format, from `format=`, a `.csv` path or
`Accept`, and the page size, 1,000 rows by default in JSON, every row in CSV), calls its
service, and hands the result to `answer` with the resource's `Output`: the JSON envelope
dumped by the view's schema, or a CSV file named after the resource and the revision, with
`Link` to the next page either way. A stream (an unpaged CSV of claims) goes out as it is
read. Every view that answers JSON or CSV returns the `Response` this module makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Response

from api.http.json import response as json_response
from api.http.negotiation import wants_csv
from api.http.responses import csv_response, list_envelope, revision_of, streamed_csv_response
from api.schemas.common import DEFAULT_LIMIT
from api.services.results import Page

Dump = Callable[[dict[str, Any]], Any]


def csv_answer(description: str) -> dict[str, Any]:
    """`alt_response` arguments documenting a CSV answer: `@blp.alt_response(200, **…)`."""
    schema = {"type": "string", "description": f"RFC 4180 CSV with a header row: {description}"}
    return {"schema": schema, "content_type": "text/csv", "success": True}


def unpaged(page: Page[Any], **meta: Any) -> dict[str, Any]:
    """The envelope of an answer that is not paged: its revision, what it is, its rows."""
    return {"revision": revision_of(page), **meta, "data": page.data}


@dataclass(frozen=True)
class Asked:
    """What a request asked of a list: CSV or JSON, and how many rows."""

    csv: bool
    limit: int | None


@dataclass(frozen=True)
class Output:
    """How a resource answers: its JSON dump and envelope, its CSV columns, rows and name."""

    dump: Dump
    csv_columns: tuple[str, ...]
    name: str | Callable[[Page[Any]], str]
    csv_rows: Callable[[list[Any]], Iterable[Any]] | None = None
    envelope: Callable[..., dict[str, Any]] = list_envelope


def asked(args: dict[str, Any]) -> Asked:
    """Take `format` and `limit` out of the parsed arguments: the format and the page size."""
    csv = wants_csv(args.pop("format", None))
    limit = args.pop("limit", None)
    return Asked(csv, DEFAULT_LIMIT if limit is None and not csv else limit)


def answer(page: Page[Any], how: Asked, output: Output, **extra: Any) -> Response:
    """The page as JSON (the output's envelope, with `extra`) or as a CSV file."""
    if how.csv:
        rows = output.csv_rows(page.data) if output.csv_rows else page.data
        name = output.name(page) if callable(output.name) else output.name
        return csv_response(page, output.csv_columns, rows, name)
    return json_response(output.dump(output.envelope(page, **extra)))


def answer_stream(revision: int, rows: Iterator[Any], output: Output, name: str) -> Response:
    """Rows written as CSV while they are read (an export of any size)."""
    return streamed_csv_response(revision, output.csv_columns, rows, name)
